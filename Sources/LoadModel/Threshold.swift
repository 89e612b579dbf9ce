/// A pass/fail condition on one number of a run, as given to `--threshold` or in a `--thresholds` file.
///
/// Grammar (whitespace is allowed around OP, and between VALUE and UNIT):
/// ```
/// threshold  = [ "uncorrected." ] [ scope "." ] metric op value [ unit ]
/// scope      = "submit" | "status" | "cancel" [ "[" POINT "]" ]      ; absent: all operations
/// metric     = "p(" N ")"                                            ; 0 < N ≤ 100, latency
///            | "max" | "min" | "avg"                                 ; latency
///            | "count" | "rate" | "error_rate"                       ; exchanges, exchanges/s, error share
///            | "violations" [ "[" INVARIANT "]" ]                    ; run-level: no scope
///            | "jobs" | "cancelled_rate"                             ; run-level: no scope
/// op         = "<" | "<=" | ">" | ">=" | "==" | "!="
/// unit       = "ns" | "us" | "µs" | "ms" | "s"                       ; required for latency
///            | "%"                                                   ; error_rate, cancelled_rate (else a 0–1 fraction)
///            | "/s"                                                  ; rate (optional)
/// ```
/// POINT is a `CancelPoint` raw value (`racing-completion`); INVARIANT is an invariant's number or name
/// (`1`, `terminal-stays-terminal`). Latency is corrected (from the intended start) unless `uncorrected.` is
/// named; uncorrected latency is not kept per cancel point, and error_rate is not kept per point, so those
/// combinations are errors rather than silently judged on something else.
public struct Threshold: Sendable, Equatable {
    /// The expression as written (trimmed): how reports and JUnit name it.
    public var expression: String
    /// Judge latency from the actual send instead of the intended start.
    public var uncorrected: Bool
    public var scope: Scope
    public var metric: Metric
    public var comparison: Comparison
    /// The limit in base units: nanoseconds for latency, a 0–1 fraction for rates, exchanges per second for
    /// `rate`, a plain number for counts.
    public var limit: Double
    /// The unit the limit was written in; observed values and margins are shown in it.
    public var unit: Unit

    public init(expression: String, uncorrected: Bool = false, scope: Scope = .all, metric: Metric,
                comparison: Comparison, limit: Double, unit: Unit) {
        self.expression = expression
        self.uncorrected = uncorrected
        self.scope = scope
        self.metric = metric
        self.comparison = comparison
        self.limit = limit
        self.unit = unit
    }

    /// Which exchanges a threshold looks at.
    public enum Scope: Sendable, Equatable {
        /// Every operation together (no scope written).
        case all
        /// One operation kind (`submit.`, `status.`, `cancel.`).
        case operation(OperationKind)
        /// The cancels of jobs planned for one cancel point (`cancel[racing-completion].`).
        case cancelPoint(CancelPoint)
    }

    /// What is measured.
    public enum Metric: Sendable, Equatable {
        /// The latency at a percentile, 0 < N ≤ 100.
        case percentile(Double)
        /// Highest, lowest and mean latency.
        case max, min, avg
        /// Exchanges.
        case count
        /// Exchanges per second of the run.
        case rate
        /// Share of exchanges that were errors (5xx or no answer), 0–1.
        case errorRate
        /// Jobs that violated an invariant (`violations[N]`), or all violations (nil).
        case violations(Invariant?)
        /// Jobs that ended.
        case jobs
        /// Share of jobs whose own id got a cancel, 0–1.
        case cancelledRate

        /// The kind of number, which decides the allowed units.
        public var kind: Kind {
            switch self {
            case .percentile, .max, .min, .avg: return .latency
            case .errorRate, .cancelledRate: return .fraction
            case .rate: return .perSecond
            case .count, .violations, .jobs: return .count
            }
        }

        /// Whether the metric belongs to the whole run and takes no scope.
        public var isRunLevel: Bool {
            switch self {
            case .violations, .jobs, .cancelledRate: return true
            default: return false
            }
        }
    }

    /// The kinds of number a metric yields.
    public enum Kind: Sendable, Equatable {
        case latency, fraction, perSecond, count
    }

    /// A comparison between the observed value (left) and the limit (right).
    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="

        /// Whether `observed OP limit` holds.
        public func holds(_ observed: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: return observed < limit
            case .lessOrEqual: return observed <= limit
            case .greater: return observed > limit
            case .greaterOrEqual: return observed >= limit
            case .equal: return observed == limit
            case .notEqual: return observed != limit
            }
        }

        /// How far `observed` is from failing, signed, in the units of its arguments: positive is room left,
        /// negative is by how much it failed. At zero, `<=`, `>=` and `==` pass while `<`, `>` and `!=` fail.
        public func margin(_ observed: Double, _ limit: Double) -> Double {
            switch self {
            case .less, .lessOrEqual: return limit - observed
            case .greater, .greaterOrEqual: return observed - limit
            case .equal: return -abs(observed - limit)
            case .notEqual: return abs(observed - limit)
            }
        }
    }

    /// The unit a limit was written in.
    public enum Unit: String, Sendable, CaseIterable {
        case nanoseconds = "ns"
        case microseconds = "µs"
        case milliseconds = "ms"
        case seconds = "s"
        /// Percent of a 0–1 fraction.
        case percent = "%"
        /// Exchanges per second.
        case perSecond = "/s"
        /// A plain number: a count, or a 0–1 fraction written without `%`.
        case none = ""

        /// Base units (nanoseconds, fraction, count) in one of this unit.
        public var scale: Double {
            switch self {
            case .nanoseconds, .perSecond, .none: return 1
            case .microseconds: return 1e3
            case .milliseconds: return 1e6
            case .seconds: return 1e9
            case .percent: return 0.01
            }
        }
    }
}
