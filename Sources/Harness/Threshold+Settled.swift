import LoadModel
import Reports

extension Threshold {
    /// Whether a failing result of this threshold is final while the run goes on: its metric only moves one way
    /// (a maximum and counts only grow, a minimum only shrinks), so `--abort-on-fail` may stop the run. A
    /// percentile or a rate can still recover and never aborts a run early.
    var failureIsFinal: Bool {
        let growing: Bool
        switch metric {
        case .max, .count, .jobs, .violations: growing = true
        case .min: growing = false
        default: return false
        }
        switch comparison {
        case .less, .lessOrEqual: return growing
        case .equal: return growing
        case .greater, .greaterOrEqual: return !growing
        case .notEqual: return false
        }
    }
}

extension ThresholdEvaluation {
    /// The first threshold that failed for good (see `Threshold.failureIsFinal`), if any.
    var finalFailure: ThresholdResult? {
        failures.first { r in
            guard r.threshold.failureIsFinal, r.observed != nil else { return false }
            // `==` fails for good only once a growing count has passed the limit.
            if r.threshold.comparison == .equal, let o = r.observed { return o > r.threshold.limit / r.threshold.unit.scale }
            return true
        }
    }
}
