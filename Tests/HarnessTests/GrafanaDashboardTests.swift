import Foundation
import Testing
@testable import Harness

/// deploy/grafana/cancelbench-dashboard.json: valid JSON, and every metric it queries is one `/metrics` serves.
@Suite struct GrafanaDashboardTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/grafana/cancelbench-dashboard.json").path

    /// Every string value in a JSON document.
    static func strings(_ v: Any) -> [String] {
        switch v {
        case let s as String: [s]
        case let a as [Any]: a.flatMap(strings)
        case let d as [String: Any]: d.values.flatMap(strings)
        default: []
        }
    }

    @Test func theDashboardIsJSONAndQueriesOnlyServedMetrics() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.path))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(doc["panels"] as? [[String: Any]])
        #expect(panels.count >= 8)
        let exprs = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(exprs.count >= panels.count, "every panel queries something")
        // The names the dashboard uses, from its queries and its variables.
        let regex = try NSRegularExpression(pattern: "cancelbench_[a-z0-9_]+")
        var used = Set<String>()
        for text in Self.strings(doc) {
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range, in: text)!]))
            }
        }
        // The sample names a real exposition has (histograms as _bucket, _sum and _count).
        var info = MetricsSnapshot.Info(try PlanFixture.plan(out: PlanFixture.scratch("dashboard")))
        info.seed = 1
        let exposition = try Exposition(PrometheusText.render(MetricsSnapshot(info: info)))
        let served = Set(exposition.samples.map(\.name)).union(PrometheusText.families)
        #expect(used.count >= 8)
        #expect(used.subtracting(served).isEmpty, "the dashboard queries metrics /metrics does not serve: \(used.subtracting(served).sorted())")
        // Every family the exposition has is on the dashboard somewhere.
        let families = Set(PrometheusText.families)
        let shown = Set(used.map { name in ["_bucket", "_sum", "_count"].reduce(name) { n, s in n.hasSuffix(s) && !families.contains(n) ? String(n.dropLast(s.count)) : n } })
        #expect(families.subtracting(shown).isEmpty, "families missing from the dashboard: \(families.subtracting(shown).sorted())")
    }
}
