import LoadModel
import ReferenceTarget
import Reports
import Transport

/// Everything one run does, typed and checked: what `run` builds from its flags, what the results folder's
/// plan.json records, and what `replay` and `check` read back. It holds no secret: tokens travel beside it, in
/// `Credentials`.
public struct RunPlan: Sendable {
    public var runId: String
    /// The profile the run plays, parsed from `profileBytes`.
    public var profile: Profile
    /// The profile file's bytes, copied byte for byte into the results folder as profile.json.
    public var profileBytes: [UInt8]
    /// Where the profile came from (a path), for messages.
    public var profileSource: String
    /// The API under test; nil plays the embedded reference target described by `embedded`.
    public var target: TargetURL?
    /// The embedded reference target, when `target` is nil.
    public var embedded: EmbeddedPlan?
    public var model: LoadModelKind
    /// Jobs to run: the run ends when all have ended, or at `duration`.
    public var jobs: Int
    /// Stop submitting after this long; nil for no limit.
    public var duration: Span?
    /// HTTP connections kept alive at most.
    public var connections: Int
    public var mix: CancelMix
    /// Concurrent cancels sent by a duplicate point.
    public var duplicates: Int
    /// Poll interval, job timeout, cancel deadline, race jitter: the knobs every job script shares.
    public var settings: JobScript.Settings
    public var requestTimeout: Span
    /// The most answer body bytes read per exchange.
    public var maxBody: Int
    /// Which HTTP client sends (`--transport`): the native one for plain http://, libcurl for the rest.
    public var transport: TransportChoice = .auto

    /// The client that sends this plan's requests, as outputs name it: `native` or `libcurl`.
    public var clientName: String {
        transport.resolved(for: target?.url ?? "http://127.0.0.1/") == .native ? "native" : "libcurl"
    }
    public var judging: Judging
    /// Seed of the plan (cancel points, timing fractions, arrivals).
    public var seed: UInt64
    /// Only these job numbers of the plan (a replay of single jobs); nil runs jobs 0..<jobs.
    public var onlyJobs: [Int]?
    /// Which shard of the global plan this run plays (the whole plan by default): its jobs, its part of the
    /// concurrency, its instants of the open model's schedule.
    public var shard: Shard = .whole
    /// When to start (Unix time, nanoseconds), so shards started apart begin together; nil starts at once.
    public var startAt: Int64?
    public var gate: Gate
    public var outputs: Outputs
    /// The nemesis (`--nemesis`): faults put on the target during the run; nil for none.
    public var chaos: ChaosPlan?

    public init(runId: String, profile: Profile, profileBytes: [UInt8], profileSource: String, target: TargetURL?,
                embedded: EmbeddedPlan?, model: LoadModelKind, jobs: Int, duration: Span? = nil, connections: Int,
                mix: CancelMix, duplicates: Int = 3, settings: JobScript.Settings, requestTimeout: Span = .seconds(5),
                maxBody: Int = 4 << 20, judging: Judging = Judging(), seed: UInt64, onlyJobs: [Int]? = nil,
                gate: Gate = Gate(), outputs: Outputs) {
        self.runId = runId; self.profile = profile; self.profileBytes = profileBytes; self.profileSource = profileSource
        self.target = target; self.embedded = embedded; self.model = model; self.jobs = jobs; self.duration = duration
        self.connections = connections; self.mix = mix; self.duplicates = duplicates; self.settings = settings
        self.requestTimeout = requestTimeout; self.maxBody = maxBody; self.judging = judging; self.seed = seed
        self.onlyJobs = onlyJobs; self.gate = gate; self.outputs = outputs
    }

    /// What a verdict needs.
    public struct Judging: Sendable, Equatable, Codable {
        /// Share of accepted jobs that must be read to a terminal state, 0–1.
        public var minTerminal: Double
        /// Invariants that must get a pass or fail verdict.
        public var minInvariants: Int

        public init(minTerminal: Double = 1, minInvariants: Int = 2) {
            self.minTerminal = minTerminal
            self.minInvariants = minInvariants
        }

        enum CodingKeys: String, CodingKey { case minTerminal = "min_terminal", minInvariants = "min_invariants" }
    }

    /// The CI gate: thresholds, baseline comparison, JUnit output.
    public struct Gate: Sendable, Equatable, Codable {
        public var thresholds: [Threshold] = []
        /// Stop the run as soon as a threshold can no longer pass.
        public var abortOnFail = false
        /// A baseline run's results folder to compare with at the end.
        public var baseline: String?
        /// The allowed rise of a baseline metric (0.1 = 10%).
        public var maxRegression = 0.1
        public var baselineMetrics: [Comparison.Metric] = []

        public init() {}

        enum CodingKeys: String, CodingKey {
            case thresholds, abortOnFail = "abort_on_fail", baseline, maxRegression = "max_regression", baselineMetrics = "baseline_metrics"
        }
    }

    /// Where the run writes.
    public struct Outputs: Sendable, Equatable, Codable {
        /// The results folder.
        public var directory: String
        /// A JUnit XML file, if asked for.
        public var junitPath: String?
        /// A GitHub-flavoured Markdown summary (for a CI step summary), if asked for.
        public var markdownPath: String?

        public init(directory: String, junitPath: String? = nil, markdownPath: String? = nil) {
            self.directory = directory
            self.junitPath = junitPath
            self.markdownPath = markdownPath
        }

        enum CodingKeys: String, CodingKey { case directory, junitPath = "junit_path", markdownPath = "summary_markdown_path" }
    }

    /// The profile as the checker and the job scripts judge it: where a fault kills the target and the profile
    /// states no retention, a job is kept for the run (a restart must not forget it; invariant 12 judges it).
    public var judgedProfile: Profile {
        guard chaos?.restartsTarget == true, !profile.retention.declared else { return profile }
        var p = profile
        p.retention = Retention(goneAfterEnd: false, goneAfterCancel: false, status: profile.contract.unknownId?.status ?? 404)
        p.retention.declared = true
        return p
    }

    /// How many jobs the run starts.
    public var jobCount: Int { onlyJobs?.count ?? shard.jobs(of: jobs) }

    /// The target as every output and message shows it (never a URL's user or password).
    public var targetName: String { target?.display ?? "embedded" }

    /// The plan's number for the job in run slot `slot` (the same, except in a replay of single jobs).
    public func planIndex(slot: Int) -> Int { onlyJobs.map { $0[slot] } ?? shard.job(slot: slot) }
}

/// The secrets a run sends: never in a plan, never in an output (every output is redacted of them).
public struct Credentials: Sendable {
    /// The bearer token.
    public var token: String?
    /// The token of an account without a subscription, for the `unpaid` probe.
    public var unpaidToken: String?

    public init(token: String? = nil, unpaidToken: String? = nil) {
        self.token = token
        self.unpaidToken = unpaidToken
    }

    /// The embedded reference target's accounts, used when a run has no `--target`.
    public static let embedded = Credentials(token: TargetConfig.defaultToken, unpaidToken: TargetConfig.defaultUnpaidToken)

    /// Every secret of a run with `plan`: the tokens and the target URL's user and password.
    public func secrets(_ plan: RunPlan) -> [String] {
        [token, unpaidToken].compactMap { $0 } + (plan.target?.credentials ?? [])
    }
}
