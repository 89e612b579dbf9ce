import HdrHistogram
import LoadModel

extension ThresholdEvaluation {
    /// The observed value of `t`'s metric in base units (nanoseconds, 0–1 fraction, per second, count).
    static func observe(_ t: Threshold, tally: RunTally, elapsedSeconds: Double) -> Observation {
        let ops = operations(in: t.scope, tally: tally)
        switch t.metric {
        case .percentile, .max, .min, .avg:
            return latency(t, tally: tally)
        case .count:
            return .value(Double(count(t.scope, tally: tally)))
        case .rate:
            guard elapsedSeconds > 0 else { return .missing("no data: the run has no elapsed time to divide by") }
            return .value(Double(count(t.scope, tally: tally)) / elapsedSeconds)
        case .errorRate:
            let exchanges = ops.reduce(0) { $0 + $1.count }
            guard exchanges > 0 else { return .missing("no data: no exchanges for \(describe(t.scope))") }
            return .value(Double(ops.reduce(0) { $0 + $1.info }) / Double(exchanges))
        case .violations(nil):
            guard tally.invariants.values.contains(where: { $0.jobs > 0 }) else {
                return .missing("no data: no job exercised any invariant")
            }
            return .value(Double(tally.violations))
        case .violations(let invariant?):
            // The tally counts jobs per verdict, so this is jobs that violated it (a job may hold several).
            guard let t = tally.invariants[invariant], t.jobs > 0 else {
                return .missing("no data: no job exercised invariant \(invariant.rawValue) \(invariant.name)")
            }
            return .value(Double(t.fail))
        case .jobs:
            return .value(Double(tally.jobs))
        case .cancelledRate:
            guard tally.jobs > 0 else { return .missing("no data: no job ended") }
            return .value(Double(tally.cancelledJobs) / Double(tally.jobs))
        }
    }

    /// The latency metrics, from the corrected or uncorrected histogram of the scope.
    static func latency(_ t: Threshold, tally: RunTally) -> Observation {
        let h: Histogram?
        if case .cancelPoint(let point) = t.scope {
            h = tally.cancelLatencyByPoint[point]
        } else {
            let hs = operations(in: t.scope, tally: tally).map { t.uncorrected ? $0.serviceTime : $0.latency }
            h = hs.dropFirst().reduce(hs.first) { merged, next in
                guard var merged else { return next }
                merged.add(next)
                return merged
            }
        }
        guard let h, h.totalCount > 0 else {
            return .missing("no data: no \(t.uncorrected ? "uncorrected " : "")latency recorded for \(describe(t.scope))")
        }
        // Values beyond the histogram's range are counted but not placed: max, avg and a high percentile would
        // all read too low, and a gate must not pass on that.
        if h.overflowCount > 0 {
            return .missing("\(h.overflowCount) latencies above the histogram's range (\(ns(h.highestTrackableValue))) cannot be judged")
        }
        switch t.metric {
        case .percentile(let p): return .value(Double(h.value(atPercentile: p)))
        case .max: return .value(Double(h.maxValue))
        case .min: return .value(Double(h.minValue))
        default: return .value(h.mean)
        }
    }

    /// The operation tallies a scope covers (a cancel point's cancels are kept only as a histogram).
    static func operations(in scope: Threshold.Scope, tally: RunTally) -> [OperationStats] {
        switch scope {
        case .all: return OperationKind.allCases.compactMap { tally.operations[$0] }
        case .operation(let kind): return tally.operations[kind].map { [$0] } ?? []
        case .cancelPoint: return []
        }
    }

    /// Exchanges in a scope; 0 is an observation, not missing data.
    static func count(_ scope: Threshold.Scope, tally: RunTally) -> Int {
        if case .cancelPoint(let point) = scope {
            let h = tally.cancelLatencyByPoint[point]
            return Int((h?.totalCount ?? 0) + (h?.overflowCount ?? 0))
        }
        return operations(in: scope, tally: tally).reduce(0) { $0 + $1.count }
    }

    /// A scope in words, for notes: "cancel", "cancel at racing-completion", "all operations".
    static func describe(_ scope: Threshold.Scope) -> String {
        switch scope {
        case .all: return "all operations"
        case .operation(let kind): return kind.rawValue
        case .cancelPoint(let point): return "cancel at \(point.rawValue)"
        }
    }
}
