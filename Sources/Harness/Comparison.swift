import Foundation
import LoadModel
import Reports

/// A baseline comparison of two runs' summaries: per operation and metric, the change and whether it is a
/// regression beyond the allowed margin. Lower is better for every metric compared (latencies, error rate).
public struct Comparison: Sendable {
    /// A metric `compare` reads from a summary's operations, by its threshold-grammar name.
    public struct Metric: Sendable, Equatable {
        public private(set) var name: String
        var value: Value
        /// Reads the uncorrected latencies (from the actual send) instead of the corrected ones.
        var uncorrected = false

        enum Value: Sendable, Equatable { case p50, p90, p99, p999, max, mean, errorRate }

        var isLatency: Bool { value != .errorRate }

        static let known: [Metric] = [
            Metric(name: "p(50)", value: .p50), Metric(name: "p(90)", value: .p90), Metric(name: "p(99)", value: .p99),
            Metric(name: "p(99.9)", value: .p999), Metric(name: "max", value: .max), Metric(name: "avg", value: .mean),
            Metric(name: "error_rate", value: .errorRate),
        ]

        /// The metrics compared when none is named.
        public static let defaults = ["p(50)", "p(99)", "error_rate"]

        /// A metric by name; `uncorrected.` reads the uncorrected latencies.
        public static func named(_ text: String) throws(UsageError) -> Metric {
            let uncorrected = text.hasPrefix("uncorrected.")
            let base = uncorrected ? String(text.dropFirst("uncorrected.".count)) : text
            guard var m = known.first(where: { $0.name == base }) else {
                throw UsageError("--metric: unknown metric \"\(text)\"; expected one of \(known.map(\.name).joined(separator: ", ")), optionally prefixed by uncorrected.")
            }
            if uncorrected {
                guard m.isLatency else { throw UsageError("--metric: \"\(text)\": uncorrected. applies to latency metrics only") }
                m.name = text
                m.uncorrected = true
            }
            return m
        }

        /// The metric's value in one operation's summary.
        func read(_ op: Summary.OperationSummary) -> Double {
            let p = uncorrected ? op.uncorrected : op.latency
            switch value {
            case .p50: return Double(p.p50)
            case .p90: return Double(p.p90)
            case .p99: return Double(p.p99)
            case .p999: return Double(p.p999)
            case .max: return Double(p.max)
            case .mean: return Double(p.mean)
            case .errorRate: return op.errorRate
            }
        }
    }

    public struct Row: Sendable {
        public var operation: String
        public var metric: String
        public var baseline: Double
        public var current: Double
        public var isLatency: Bool
        /// Relative change, (current − baseline) / baseline; nil when the baseline is 0.
        public var change: Double? { baseline == 0 ? (current == 0 ? 0 : nil) : (current - baseline) / baseline }
    }

    public private(set) var rows: [Row] = []
    /// The allowed relative regression (0.1 = 10%).
    public let maxRegression: Double

    /// What must match for two runs to be comparable: the same profile and load model.
    public struct PlanKey: Sendable, Equatable {
        var profile: String
        var model: String
        var concurrency: Int?
        var rate: Double?
        var arrival: String?

        public init(_ s: Summary) {
            self.init(profile: s.profile, model: s.model, concurrency: s.concurrency, rate: s.rate, arrival: s.arrival)
        }

        public init(profile: String, model kind: LoadModelKind) {
            switch kind {
            case .closed(let c): self.init(profile: profile, model: kind.name, concurrency: c, rate: nil, arrival: nil)
            case .open(let r, let a, _): self.init(profile: profile, model: kind.name, concurrency: nil, rate: r, arrival: a.rawValue)
            }
        }

        init(profile: String, model: String, concurrency: Int?, rate: Double?, arrival: String?) {
            self.profile = profile; self.model = model; self.concurrency = concurrency; self.rate = rate; self.arrival = arrival
        }

        /// How each field differs, as `concurrency 64 vs 8`; empty when comparable.
        func differences(_ o: PlanKey) -> [String] {
            func q(_ s: String?) -> String { s.map(DisplayText.quoted) ?? "null" }  // read from a folder: never raw to a terminal
            var out: [String] = []
            if profile != o.profile { out.append("profile \(q(profile)) vs \(q(o.profile))") }
            if model != o.model { out.append("model \(q(model)) vs \(q(o.model))") }
            if concurrency != o.concurrency { out.append("concurrency \(concurrency.map(String.init) ?? "null") vs \(o.concurrency.map(String.init) ?? "null")") }
            if rate != o.rate { out.append("rate \(rate.map(JSONText.number) ?? "null") vs \(o.rate.map(JSONText.number) ?? "null")") }
            if arrival != o.arrival { out.append("arrival \(q(arrival)) vs \(q(o.arrival))") }
            return out
        }
    }

    /// Why two runs are not comparable (different profiles or load models), or nil.
    public static func mismatch(_ a: PlanKey, _ b: PlanKey) -> String? {
        let diffs = a.differences(b)
        return diffs.isEmpty ? nil : diffs.joined(separator: ", ")
    }

    public init(baseline: Summary, current: Summary, metrics: [Metric], maxRegression: Double) {
        self.maxRegression = maxRegression
        for op in OperationKind.allCases.map(\.rawValue) {
            guard let a = baseline.operations[op], let b = current.operations[op] else { continue }
            for m in metrics {
                rows.append(Row(operation: op, metric: m.name, baseline: m.read(a), current: m.read(b), isLatency: m.isLatency))
            }
        }
    }

    /// Rows whose change is a regression beyond the allowed margin (a rise from 0 counts).
    public var regressions: [Row] { rows.filter { ($0.change ?? .infinity) > maxRegression } }

    /// The comparison as a table, with a verdict line.
    public var table: String {
        func value(_ v: Double, _ latency: Bool) -> String { latency ? ns(Int64(saturating: v)) : String(format: "%.2f%%", v * 100) }
        var table = [["op", "metric", "baseline", "current", "change", "result"]]
        for r in rows {
            let change = r.change.map { String(format: "%+.1f%%", $0 * 100) } ?? "from 0"
            table.append([r.operation, r.metric, value(r.baseline, r.isLatency), value(r.current, r.isLatency), change,
                          (r.change ?? .infinity) > maxRegression ? "REGRESSION" : "ok"])
        }
        var out = align(table, left: [0, 1, 5])
        let limit = String(format: "%g%%", maxRegression * 100)
        out.append("")
        out.append(regressions.isEmpty ? "compare: no regression beyond \(limit) → exit 0"
                   : "compare: \(regressions.count) regression(s) beyond \(limit) → exit 2")
        return out.joined(separator: "\n")
    }
}
