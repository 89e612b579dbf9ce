import LoadModel

/// One threshold judged against a run.
public struct ThresholdResult: Sendable {
    public var threshold: Threshold
    /// The observed value in the threshold's unit (`ms` when the limit was written in ms); nil when the run has
    /// no data for the metric.
    public var observed: Double?
    /// How far from failing, signed, in the threshold's unit: positive is room left, negative is by how much it
    /// failed (see `Threshold.Comparison.margin`); nil with no data.
    public var margin: Double?
    /// Whether the threshold holds. A threshold with no data never passes.
    public var passed: Bool
    /// Why a threshold could not be judged (no data, values beyond the histogram); nil when it was judged.
    public var note: String?

    /// "pass", "fail" or "no data" (which fails too).
    public var result: String { passed ? "pass" : observed == nil ? "no data" : "fail" }
}

/// Every threshold of a run judged on its tally: observed value, margin and result.
///
/// A threshold whose metric has no data (no cancels at that point, an invariant no job exercised, no
/// exchanges of that kind) fails with a note saying so: a gate must never pass on nothing, the way k6 passes
/// thresholds on metric names it does not know (grafana/k6#1526).
public struct ThresholdEvaluation: Sendable {
    public var results: [ThresholdResult]

    /// Judges `thresholds` on `tally`; `elapsedSeconds` is the run's duration, for `rate`.
    public init(thresholds: [Threshold], tally: RunTally, elapsedSeconds: Double) {
        results = thresholds.map { t in
            switch Self.observe(t, tally: tally, elapsedSeconds: elapsedSeconds) {
            case .value(let base):
                let observed = base / t.unit.scale
                let limit = t.limit / t.unit.scale
                return ThresholdResult(threshold: t, observed: observed, margin: t.comparison.margin(observed, limit),
                                       passed: t.comparison.holds(base, t.limit), note: nil)
            case .missing(let why):
                return ThresholdResult(threshold: t, observed: nil, margin: nil, passed: false, note: why)
            }
        }
    }

    /// Whether every threshold passed (true when there are none).
    public var passed: Bool { results.allSatisfy(\.passed) }

    /// The thresholds that failed, no data included.
    public var failures: [ThresholdResult] { results.filter { !$0.passed } }

    /// An observed value in base units, or why there is none.
    enum Observation {
        case value(Double)
        case missing(String)
    }
}
