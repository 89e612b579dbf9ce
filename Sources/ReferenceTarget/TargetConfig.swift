/// The API contract the reference target serves.
public enum Dialect: String, CaseIterable, Sendable {
    /// useapi.net Pika jobs (seed 000): `GET /v1/pika/jobs/cancel/?jobid=ID`.
    case pika
    /// beatra tasks (seed 001): `POST /v1/tasks/{task_id}/cancel` with Idempotency-Key and X-Request-Id.
    case beatra
    /// PraisonAI async runs (seed 002): `POST /api/v1/runs/{id}/cancel`.
    case praison
    /// OGC API – Processes – Part 1: Core (OGC 18-062r2) with its Dismiss class: `DELETE /jobs/{jobID}`.
    case ogcProcesses = "ogc-processes"
}

/// A distribution of simulated durations, in nanoseconds.
public enum DelayDistribution: Sendable, Equatable {
    /// Always the same duration.
    case fixed(Int64)
    /// Uniform between `min` and `max`, inclusive.
    case uniform(min: Int64, max: Int64)
    /// Exponential with the given mean, capped at `cap` so no job lives forever.
    case exponential(mean: Int64, cap: Int64)
}

/// Everything that shapes the reference target's simulated jobs and its accounts.
public struct TargetConfig: Sendable {
    /// Which contract to serve.
    public var dialect: Dialect
    /// Seed of the target's own randomness (job durations and outcomes); independent of the driver's seed.
    public var seed: UInt64
    /// Key of the job ids' tags (and of the OGC UUIDs' mask), or nil to use `seed`. Ids embed a sequence number
    /// that restarts at 1 with each process, so a target started again with the same key would hand out its
    /// previous life's ids again and a read of an old id would show a new job. `serve` therefore draws a fresh
    /// key per process life (unless `--id-seed` pins one); a store (`serve --store`) keeps the key of the life
    /// that created it. The embedded target of `run` keeps nil: it lives exactly as long as its run.
    public var idSeed: UInt64?
    /// Time a job waits in the queue before it starts running.
    public var queueDelay: DelayDistribution
    /// Time a job runs before it finishes.
    public var runTime: DelayDistribution
    /// Time a running beatra task takes to stop after a cancel request (best-effort cancellation).
    public var stopDelay: DelayDistribution
    /// Probability that a job ends `failed` instead of succeeding.
    public var failureRate: Double
    /// Probability that a Pika job ends `moderated` (Pika only).
    public var moderationRate: Double
    /// Bearer tokens accepted as paid accounts (Pika and beatra require a token; PraisonAI and OGC API – Processes
    /// do not).
    public var tokens: Set<String>
    /// Bearer tokens accepted as accounts without a subscription: Pika answers them 402.
    public var unpaidTokens: Set<String>
    /// Credits charged per second of run time when a beatra task starts.
    public var creditsPerSecond: Double
    /// Most Idempotency-Keys the beatra target remembers; beyond it the oldest are forgotten first. The
    /// default (50,000, about 50 MB of stored answers) is far beyond what a run replays (keys are reused
    /// within a job's life), and keeps a million-job run's memory bounded.
    public var idempotencyCapacity: Int
    /// How long a finished job is kept, nanoseconds; then it is forgotten (reads answer 404), as APIs expire
    /// jobs. Default 5 minutes: far longer than a job is polled, and it bounds a long run's memory.
    public var retention: Int64 = 300_000_000_000
    /// How beatra completion callbacks are queued, retried and bounded.
    public var callbacks = CallbackPolicy()
    /// Planted faults and their probability (0...1) per opportunity; empty (the default) means a correct target.
    public var faults: [Fault: Double]

    /// The token `cancelbench run` uses against the embedded target.
    public static let defaultToken = "cancelbench-local"
    /// The token configured as an unpaid account.
    public static let defaultUnpaidToken = "cancelbench-unpaid"

    public init(dialect: Dialect,
                seed: UInt64 = 1,
                queueDelay: DelayDistribution = .uniform(min: 10_000_000, max: 60_000_000),
                runTime: DelayDistribution = .uniform(min: 40_000_000, max: 200_000_000),
                stopDelay: DelayDistribution = .uniform(min: 5_000_000, max: 30_000_000),
                failureRate: Double = 0.05,
                moderationRate: Double = 0.03,
                tokens: Set<String> = [TargetConfig.defaultToken],
                unpaidTokens: Set<String> = [TargetConfig.defaultUnpaidToken],
                creditsPerSecond: Double = 10,
                idempotencyCapacity: Int = 50_000,
                faults: [Fault: Double] = [:]) {
        self.dialect = dialect
        self.seed = seed
        self.queueDelay = queueDelay
        self.runTime = runTime
        self.stopDelay = stopDelay
        self.failureRate = failureRate
        self.moderationRate = moderationRate
        self.tokens = tokens
        self.unpaidTokens = unpaidTokens
        self.creditsPerSecond = creditsPerSecond
        self.idempotencyCapacity = idempotencyCapacity
        self.faults = faults
    }
}
