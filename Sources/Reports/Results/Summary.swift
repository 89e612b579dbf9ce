import LoadModel

/// A run's summary: what the run was, what it measured and its verdict. Built once at the end of a run,
/// written as summary.json, and read back through this same type by `compare`, `run --baseline` and `report`.
/// Every latency is in nanoseconds.
public struct Summary: Sendable, Equatable, Codable {
    /// The results format this build writes and reads (plan.json and summary.json carry it).
    public static let currentFormat = 2

    public var format = Summary.currentFormat
    public var runId: String
    public var profile: String
    /// The target's URL (never its user or password), or `embedded`.
    public var target: String
    /// `closed` or `open`.
    public var model: String
    public var concurrency: Int?
    /// Open model: jobs started per second.
    public var rate: Double?
    /// Open model: `constant` or `poisson`.
    public var arrival: String?
    public var jobsRequested: Int
    public var seed: UInt64
    public var cancelMix: String
    public var connectionsMax: Int
    public var elapsedSeconds: Double
    /// When the run's clock started (its first job's intended start), Unix nanoseconds: shards' times line up on
    /// it. Nil in summaries written before it was kept.
    public var startedAtUnixNs: Int64?
    /// Which shard of the global plan the run played (`K/N`), nil for the whole plan.
    public var shard: String?
    /// With `--start-at`: how late the run started against the time asked for, nanoseconds.
    public var startLateNs: Int64?
    /// The HTTP client that sent (`native` or `libcurl`); nil in a merged summary and in older ones.
    public var transport: String?
    /// Why the run stopped early (interrupted, aborted, `--duration` reached), or nil.
    public var stopReason: String?
    /// The command that plays this run again from its folder.
    public var command: String
    public var jobs: Int
    /// Jobs by how they ended (`terminal`, `submit-failed`, `timed-out`, `unsendable`, `abandoned`).
    public var jobsByEnd: [String: Int]
    /// Jobs by the last terminal state read (`none` when never read terminal).
    public var jobsByFinalState: [String: Int]
    public var cancelledJobs: Int
    public var exchanges: Int
    public var connectionsOpened: Int
    public var bytesOut: Int
    public var bytesIn: Int
    /// Per operation kind (`submit`, `status`, `cancel`).
    public var operations: [String: OperationSummary]
    /// Cancel latency by planned cancel point.
    public var cancelLatencyByPoint: [String: LatencyStats]
    /// From a cancel's acceptance to the first read of a terminal state.
    public var cancelToTerminal: LatencyStats
    /// Open model: jobs started more than 1 ms after their intended start.
    public var lateStarts: Int
    /// Open model: scheduled starts that never happened.
    public var droppedStarts: Int
    public var startLateness: LatencyStats
    public var cancelPoints: [String: PointSummary]
    public var invariants: [InvariantSummary]
    public var violations: Int
    public var exitCode: Int32
    /// The verdict as the terminal shows it: `verdict: PASS: 0 violations → exit 0`.
    public var verdictLine: String
    /// What the run judged against its minimums, as one line.
    public var judged: String?
    /// Lines shown before the verdict: why the run judged too little, what the harness gave up on.
    public var notes: [String]
    public var coverage: CoverageSummary
    /// The CI gate's thresholds as judged, when the run had any.
    public var thresholds: [ThresholdSummary]?
    /// The nemesis's fault windows, when the run had one.
    public var nemesis: NemesisSummary?

    enum CodingKeys: String, CodingKey {
        case format, runId = "run_id", profile, target, model, concurrency, rate, arrival, jobsRequested = "jobs_requested"
        case seed, cancelMix = "cancel_mix", connectionsMax = "connections_max", elapsedSeconds = "elapsed_s"
        case startedAtUnixNs = "started_at_unix_ns", shard, startLateNs = "start_late_ns", transport
        case stopReason = "stop_reason", command, jobs, jobsByEnd = "jobs_by_end", jobsByFinalState = "jobs_by_final_state"
        case cancelledJobs = "cancelled_jobs", exchanges, connectionsOpened = "connections_opened", bytesOut = "bytes_out"
        case bytesIn = "bytes_in", operations, cancelLatencyByPoint = "cancel_latency_by_point"
        case cancelToTerminal = "cancel_to_terminal", lateStarts = "late_starts", droppedStarts = "dropped_starts"
        case startLateness = "start_lateness", cancelPoints = "cancel_points", invariants, violations
        case exitCode = "exit_code", verdictLine = "verdict", judged, notes, coverage, thresholds, nemesis
    }

    /// One operation kind's counts and latencies.
    public struct OperationSummary: Sendable, Equatable, Codable {
        public var count: Int
        /// 2xx answers.
        public var ok: Int
        /// 4xx answers.
        public var fail: Int
        /// 5xx answers and exchanges with no answer.
        public var errors: Int
        public var transportErrors: Int
        public var deliberateTimeouts: Int
        /// 3xx answers: a redirect is not followed, and is neither an error nor a refusal (nil in summaries written
        /// before it was counted apart).
        public var redirects: Int?
        /// `errors / count`.
        public var errorRate: Double
        /// Latencies beyond the histogram's range (recorded at its top).
        public var outOfRange: Int
        /// Corrected latency: from each exchange's intended start.
        public var latency: Percentiles
        /// Uncorrected latency: from the actual send.
        public var uncorrected: Percentiles

        enum CodingKeys: String, CodingKey {
            case count, ok, fail, errors, transportErrors = "transport_errors", deliberateTimeouts = "deliberate_timeouts", redirects
            case errorRate = "error_rate", outOfRange = "out_of_range", latency, uncorrected
        }
    }

    /// A latency distribution's percentiles, nanoseconds.
    public struct Percentiles: Sendable, Equatable, Codable {
        public var p50, p90, p99, p999, max, mean: Int64

        enum CodingKeys: String, CodingKey {
            case p50 = "p50_ns", p90 = "p90_ns", p99 = "p99_ns", p999 = "p999_ns", max = "max_ns", mean = "mean_ns"
        }
    }

    /// A count with its median, 99th percentile and maximum, nanoseconds.
    public struct LatencyStats: Sendable, Equatable, Codable {
        public var count: Int64
        public var p50, p99, max: Int64

        enum CodingKeys: String, CodingKey { case count, p50 = "p50_ns", p99 = "p99_ns", max = "max_ns" }
    }

    /// Jobs planned with one cancel point: the state each cancel saw when sent, and how they ended.
    public struct PointSummary: Sendable, Equatable, Codable {
        public var jobs: Int
        public var stateAtCancel: [String: Int]
        public var finalState: [String: Int]

        enum CodingKeys: String, CodingKey { case jobs, stateAtCancel = "state_at_cancel", finalState = "final_state" }
    }

    /// One invariant's tally over the run's jobs.
    public struct InvariantSummary: Sendable, Equatable, Codable {
        public var invariant: Int
        public var name: String
        /// `pass`, `unknown`, `fail`, or nil when no job exercised it.
        public var verdict: String?
        public var jobs, pass, unknown, fail: Int
    }

    /// What the run judged against its minimums, and why that was too little.
    public struct CoverageSummary: Sendable, Equatable, Codable {
        public var jobsAccepted: Int
        public var jobsTerminal: Int
        public var minTerminal: Double
        public var invariantsExercised: Int
        public var minInvariants: Int
        /// Exchanges by error category.
        public var errors: [String: Int]
        /// Why the run judged too little, most telling first; empty when it judged enough.
        public var shortfalls: [String]

        public init(jobsAccepted: Int, jobsTerminal: Int, minTerminal: Double, invariantsExercised: Int, minInvariants: Int,
                    errors: [String: Int], shortfalls: [String]) {
            self.jobsAccepted = jobsAccepted; self.jobsTerminal = jobsTerminal; self.minTerminal = minTerminal
            self.invariantsExercised = invariantsExercised; self.minInvariants = minInvariants; self.errors = errors
            self.shortfalls = shortfalls
        }

        enum CodingKeys: String, CodingKey {
            case jobsAccepted = "jobs_accepted", jobsTerminal = "jobs_terminal", minTerminal = "min_terminal"
            case invariantsExercised = "invariants_exercised", minInvariants = "min_invariants", errors, shortfalls
        }
    }

    /// One threshold as judged: values in the unit its limit was written in (`""` for plain numbers).
    public struct ThresholdSummary: Sendable, Equatable, Codable {
        public var threshold: String
        public var observed: Double?
        public var limit: Double
        public var unit: String
        /// Room left (positive) or by how much it failed (negative).
        public var margin: Double?
        public var passed: Bool
        /// `pass`, `fail` or `no data`.
        public var result: String
        /// Why it could not be judged, or nil.
        public var note: String?
    }
}
