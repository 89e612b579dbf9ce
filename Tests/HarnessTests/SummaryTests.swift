import Foundation
import LoadModel
import Reports
import Testing
@testable import Harness

/// summary.json is one typed value, written once and read back through the same type.
@Suite struct SummaryTests {
    @Test func aRunsSummaryReadsBackEqual() throws {
        let out = PlanFixture.scratch("summary")
        var plan = try PlanFixture.plan("beatra", jobs: 30, out: out)
        plan.gate.thresholds = [try Threshold.parse("cancel.p(99)<10s"), try Threshold.parse("error_rate<1%")]
        let outcome = try RunEngine(plan: plan, credentials: .embedded).run()
        let bytes = outcome.summary.encoded()
        let back = try Summary.decode(bytes, file: "summary.json")
        #expect(back == outcome.summary)
        #expect(back.encoded() == bytes)
        #expect(back.seed == plan.seed && back.thresholds?.count == 2 && !back.operations.isEmpty && back.format == Summary.currentFormat)
    }

    @Test func aWrongValueIsNamedByItsPath() throws {
        let out = PlanFixture.scratch("summary-bad")
        let outcome = try RunEngine(plan: try PlanFixture.plan(jobs: 10, out: out), credentials: .embedded).run()
        var json = try JSONSerialization.jsonObject(with: Data(outcome.summary.encoded())) as! [String: Any]
        var ops = json["operations"] as! [String: Any]
        var submit = ops["submit"] as! [String: Any]
        submit["count"] = "many"
        ops["submit"] = submit
        json["operations"] = ops
        let edited = Array(try JSONSerialization.data(withJSONObject: json))
        #expect(throws: DataError(file: "s.json", path: "$.operations.submit.count", message: "expected a whole number")) {
            try Summary.decode(edited, file: "s.json")
        }
    }

    @Test func comparingARunWithItselfChangesNothing() throws {
        let out = PlanFixture.scratch("summary-self")
        let s = try RunEngine(plan: try PlanFixture.plan(jobs: 20, out: out), credentials: .embedded).run().summary
        let metrics = try ["p(50)", "p(99)", "max", "uncorrected.p(99)", "error_rate"].map { try Comparison.Metric.named($0) }
        let c = Comparison(baseline: s, current: s, metrics: metrics, maxRegression: 0)
        #expect(c.rows.count == 3 * metrics.count)
        #expect(c.rows.allSatisfy { $0.change == 0 } && c.regressions.isEmpty)
        #expect(Comparison.mismatch(.init(s), .init(s)) == nil)
        #expect(Comparison.mismatch(.init(s), .init(profile: "pika", model: .closed(concurrency: 8))) == "concurrency 16 vs 8")
    }
}
