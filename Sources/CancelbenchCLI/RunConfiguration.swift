import LoadModel
import ReferenceTarget

/// How jobs arrive.
enum LoadModelKind: Sendable, Equatable {
    /// A fixed number of jobs in flight: a new job starts when one ends.
    case closed(concurrency: Int)
    /// Jobs start on a schedule, whatever the target's speed.
    case open(rate: Double, arrival: ArrivalSchedule.Process, maxInFlight: Int)
}

/// A validated `run`: everything the driver needs, nothing left to parse.
struct RunConfiguration: Sendable {
    var profile: Profile
    /// Where the profile came from (file path), for the summary.
    var profileSource: String
    /// The target's base URL; nil runs the embedded reference target.
    var target: TargetURL?
    /// The bearer token; never written to any output.
    var token: String?
    /// The token of an account without a subscription, for the `unpaid` probe; never written to any output.
    var unpaidToken: String?
    var model: LoadModelKind
    /// Jobs to submit (the run ends when all have ended, or at `duration`).
    var jobs: Int
    /// Stop submitting after this long; nil for no limit.
    var duration: Span?
    var connections: Int
    var mix: CancelMix
    var duplicates: Int
    /// Poll interval, job timeout, cancel deadline, race jitter: the knobs every job script shares.
    var settings: JobScript.Settings
    var requestTimeout: Span
    /// The most answer body bytes read per exchange.
    var maxBody: Int
    /// What a verdict needs: the share of jobs read to their end and the invariants judged.
    var judging: Judging
    var seed: UInt64
    /// The results folder.
    var outputDirectory: String
    var runId: String
    /// The embedded target's settings (when `target` is nil).
    var embedded: TargetConfig
    /// Only these job numbers (replay of single jobs); nil runs jobs 0..<jobs.
    var onlyJobs: [Int]?
    /// The CI gate: thresholds, JUnit output, baseline comparison.
    var gate = Gate()

    struct Gate {
        var thresholds: [Threshold] = []
        /// Stop the run as soon as a threshold can no longer pass.
        var abortOnFail = false
        var junitPath: String?
        var baseline: String?
        var maxRegression = 0.1
        var baselineMetrics: [Comparison.Metric] = []
    }

    struct Judging: Sendable {
        /// Share of accepted jobs that must be read to a terminal state, 0–1.
        var minTerminal = 1.0
        /// Invariants that must get a pass or fail verdict.
        var minInvariants = 2
    }

    /// Every secret the run knows (tokens, the target URL's user and password), for redaction: none may reach
    /// an output, even echoed back by the target.
    var secrets: [String] { [token, unpaidToken].compactMap { $0 } + (target?.credentials ?? []) }

    /// How many jobs the run starts.
    var jobCount: Int { onlyJobs?.count ?? jobs }
}
