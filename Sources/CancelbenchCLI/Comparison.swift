import LoadModel

/// A baseline comparison of two runs' summary.json: per operation and metric, the change and whether it is a
/// regression beyond the allowed margin. Lower is better for every metric compared (latencies, error rate).
struct Comparison {
    /// A metric `compare` can read from summary.json, by its threshold-grammar name.
    struct Metric: Equatable {
        var name: String
        /// Where the value is in `operations.OP`: `["latency", "p99_ns"]`.
        var path: [String]
        var isLatency: Bool

        static let known: [Metric] = [
            Metric(name: "p(50)", path: ["latency", "p50_ns"], isLatency: true),
            Metric(name: "p(90)", path: ["latency", "p90_ns"], isLatency: true),
            Metric(name: "p(99)", path: ["latency", "p99_ns"], isLatency: true),
            Metric(name: "p(99.9)", path: ["latency", "p999_ns"], isLatency: true),
            Metric(name: "max", path: ["latency", "max_ns"], isLatency: true),
            Metric(name: "avg", path: ["latency", "mean_ns"], isLatency: true),
            Metric(name: "error_rate", path: ["error_rate"], isLatency: false),
        ]

        /// A metric by name; `uncorrected.` reads the uncorrected latencies.
        static func named(_ text: String) throws(UsageError) -> Metric {
            let uncorrected = text.hasPrefix("uncorrected.")
            let base = uncorrected ? String(text.dropFirst("uncorrected.".count)) : text
            guard var m = known.first(where: { $0.name == base }) else {
                throw UsageError("--metric: unknown metric \"\(text)\"; expected one of \(known.map(\.name).joined(separator: ", ")), optionally prefixed by uncorrected.")
            }
            if uncorrected {
                guard m.isLatency else { throw UsageError("--metric: \"\(text)\": uncorrected. applies to latency metrics only") }
                m.name = text
                m.path[0] = "uncorrected"
            }
            return m
        }
    }

    struct Row {
        var operation: String
        var metric: String
        var baseline: Double
        var current: Double
        var isLatency: Bool
        /// Relative change, (current − baseline) / baseline; nil when the baseline is 0.
        var change: Double? { baseline == 0 ? (current == 0 ? 0 : nil) : (current - baseline) / baseline }
    }

    var rows: [Row] = []
    /// The allowed relative regression (0.1 = 10%).
    let maxRegression: Double

    /// Fields that must match for two runs to be comparable, with how each run described them.
    static let plan = ["profile", "model", "concurrency", "rate", "arrival"]

    /// Why the two runs are not comparable (different plans), or nil.
    static func mismatch(_ a: JSONValue, _ b: JSONValue) -> String? {
        let diffs = plan.compactMap { key -> String? in
            let x = a[key] ?? .null, y = b[key] ?? .null
            return x == y ? nil : "\(key) \(JSONText.serialize(x)) vs \(JSONText.serialize(y))"
        }
        return diffs.isEmpty ? nil : diffs.joined(separator: ", ")
    }

    init(baseline: JSONValue, current: JSONValue, metrics: [Metric], maxRegression: Double) {
        self.maxRegression = maxRegression
        for op in OperationKind.allCases.map(\.rawValue) {
            guard let a = baseline["operations"]?[op], let b = current["operations"]?[op] else { continue }
            for m in metrics {
                func read(_ v: JSONValue) -> Double? { m.path.reduce(Optional(v)) { $0?[$1] }?.numericValue }
                guard let x = read(a), let y = read(b) else { continue }
                rows.append(Row(operation: op, metric: m.name, baseline: x, current: y, isLatency: m.isLatency))
            }
        }
    }

    /// Rows whose change is a regression beyond the allowed margin (a rise from 0 counts).
    var regressions: [Row] { rows.filter { ($0.change ?? .infinity) > maxRegression } }
}
