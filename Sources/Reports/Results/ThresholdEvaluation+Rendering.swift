import Foundation
import LoadModel

extension ThresholdEvaluation {
    /// The thresholds as the terminal shows them, in the layout of the summary's tables:
    /// ```
    /// thresholds: 1 of 2 failed
    ///   threshold                  observed  margin  result
    ///   p(99)<250ms                 243.1ms  +6.9ms  pass
    ///   cancel[claim].p(99)<500ms   no data       -  FAIL (no data: no latency recorded for cancel at claim)
    /// ```
    public var text: String {
        let failed = failures.count
        var out = ["thresholds: " + (failed == 0 ? "all \(results.count) passed" : "\(failed) of \(results.count) failed")]
        var rows = [["threshold", "observed", "margin", "result"]]
        for r in results {
            let verdict = r.passed ? "pass" : "FAIL" + (r.note.map { " (\($0))" } ?? "")
            rows.append([r.threshold.expression, r.observedText, r.marginText, verdict])
        }
        out.append(contentsOf: align(rows, left: [0, 3]).map { "  " + $0 })
        return out.joined(separator: "\n")
    }

    /// The `thresholds` array of summary.json: per threshold its expression, observed value, limit and margin
    /// in `unit` (the unit the limit was written in; "" for plain numbers and 0–1 fractions), `passed`, `result`
    /// ("pass", "fail", "no data") and `note` (why it could not be judged, or null).
    public var json: String {
        "[" + results.map { r in
            let t = r.threshold
            let fields = [
                "\"threshold\":\(JSONText.quote(t.expression))",
                "\"observed\":" + (r.observed.map(JSONText.number) ?? "null"),
                "\"limit\":\(JSONText.number(t.limit / t.unit.scale))",
                "\"unit\":\(JSONText.quote(t.unit.rawValue))",
                "\"margin\":" + (r.margin.map(JSONText.number) ?? "null"),
                "\"passed\":\(r.passed)",
                "\"result\":\(JSONText.quote(r.result))",
                "\"note\":" + (r.note.map(JSONText.quote) ?? "null"),
            ]
            return "{" + fields.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]"
    }

    /// A value for a table: about four significant digits, no exponent, no trailing zeros (`243.1`, `0.0123`).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return String(x) }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let magnitude = abs(x) < 1e-9 ? 0 : Int(log10(abs(x)).rounded(.down))
        let decimals = min(9, max(0, 3 - magnitude))
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }
}

extension ThresholdResult {
    /// The observed value with the threshold's unit (`243.1ms`), or `no data`.
    public var observedText: String {
        observed.map { ThresholdEvaluation.number($0) + threshold.unit.rawValue } ?? "no data"
    }

    /// The margin with its sign and the threshold's unit (`+6.9ms`, `-12ms`), or `-` with no data.
    public var marginText: String {
        margin.map { ($0 > 0 ? "+" : "") + ThresholdEvaluation.number($0) + threshold.unit.rawValue } ?? "-"
    }
}
