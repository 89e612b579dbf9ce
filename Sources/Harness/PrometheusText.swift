import LoadModel

/// Renders a metrics snapshot in the Prometheus text exposition format, version 0.0.4: a HELP and a TYPE line
/// per family, then its samples; counters end in `_total`, durations are in seconds.
public enum PrometheusText {
    /// The Content-Type of the format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Every family the exposition has, for tests and dashboards that must name only real metrics.
    public static let families = [
        "cancelbench_run_info", "cancelbench_exchanges_total", "cancelbench_exchange_duration_seconds",
        "cancelbench_jobs_in_flight", "cancelbench_jobs_ended_total", "cancelbench_jobs_final_state_total",
        "cancelbench_cancels_total", "cancelbench_violations_total", "cancelbench_dropped_starts_total",
        "cancelbench_late_starts_total",
    ]

    public static func render(_ s: MetricsSnapshot) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)], _ value: String) {
            out += name
            if !labels.isEmpty { out += "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}" }
            out += " \(value)\n"
        }
        family("cancelbench_run_info", "gauge", "The run being measured; always 1.")
        sample("cancelbench_run_info", [("run_id", s.info.runId), ("profile", s.info.profile), ("target", s.info.target),
                                        ("seed", String(s.info.seed))], "1")
        family("cancelbench_exchanges_total", "counter", "HTTP exchanges by operation and status class (none: no HTTP answer).")
        for op in OperationKind.allCases {
            for (i, c) in MetricsCounts.classes.enumerated() {
                sample("cancelbench_exchanges_total", [("op", op.rawValue), ("class", c)], String(s.counts.exchanges(op, classIndex: i)))
            }
        }
        family("cancelbench_exchange_duration_seconds", "histogram",
               "Exchange latency from the intended start (corrected for coordinated omission), seconds.")
        for op in OperationKind.allCases {
            let cumulative = s.counts.cumulativeBuckets(op)
            for (i, bound) in MetricsCounts.bucketSeconds.enumerated() {
                sample("cancelbench_exchange_duration_seconds_bucket", [("op", op.rawValue), ("le", number(bound))], String(cumulative[i]))
            }
            sample("cancelbench_exchange_duration_seconds_bucket", [("op", op.rawValue), ("le", "+Inf")], String(cumulative.last ?? 0))
            sample("cancelbench_exchange_duration_seconds_sum", [("op", op.rawValue)],
                   number(Double(s.counts.latencySumNs[MetricsCounts.opIndex(op)]) / 1e9))
            sample("cancelbench_exchange_duration_seconds_count", [("op", op.rawValue)], String(cumulative.last ?? 0))
        }
        family("cancelbench_jobs_in_flight", "gauge", "Jobs started and not yet ended.")
        sample("cancelbench_jobs_in_flight", [], String(s.jobsInFlight))
        family("cancelbench_jobs_ended_total", "counter", "Jobs ended, by how they ended (summary.json jobs_by_end).")
        for (end, n) in s.jobsByEnd.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            sample("cancelbench_jobs_ended_total", [("end", end.rawValue)], String(n))
        }
        family("cancelbench_jobs_final_state_total", "counter",
               "Jobs ended, by the last terminal state read (none: never read terminal; summary.json jobs_by_final_state).")
        for (state, n) in s.jobsByFinalState.sorted(by: { $0.key < $1.key }) {
            sample("cancelbench_jobs_final_state_total", [("final_state", state)], String(n))
        }
        family("cancelbench_cancels_total", "counter", "Cancel exchanges, by the job's planned cancel point.")
        for (point, n) in s.counts.cancelsByPoint.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            sample("cancelbench_cancels_total", [("point", point.rawValue)], String(n))
        }
        family("cancelbench_violations_total", "counter", "Invariant violations found, by invariant number.")
        for (inv, n) in s.counts.violationsByInvariant.sorted(by: { $0.key < $1.key }) {
            sample("cancelbench_violations_total", [("invariant", String(inv.rawValue))], String(n))
        }
        family("cancelbench_dropped_starts_total", "counter", "Open model: scheduled starts that never happened (the in-flight cap held them back).")
        sample("cancelbench_dropped_starts_total", [], String(s.droppedStarts))
        family("cancelbench_late_starts_total", "counter", "Open model: jobs started more than 1 ms after their scheduled start.")
        sample("cancelbench_late_starts_total", [], String(s.lateStarts))
        return out
    }

    /// A label value with backslash, double quote and newline escaped, as the format requires.
    static func escape(_ v: String) -> String {
        var r = ""
        for c in v {
            switch c {
            case "\\": r += "\\\\"
            case "\"": r += "\\\""
            case "\n": r += "\\n"
            default: r.append(c)
            }
        }
        return r
    }

    /// A float as Go's strconv would print it for the bounds used here: no trailing zeros, no exponent.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
