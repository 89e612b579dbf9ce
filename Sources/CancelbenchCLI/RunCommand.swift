import Foundation
import LoadModel
import Harness
import ReferenceTarget
import Reports

/// `cancelbench run`: drive jobs against a target, check the contract, write the results folder.
struct RunCommand: Command {
    static let name = "run"
    static let usage = "run [--profile NAME|FILE] [--target URL] [--jobs N] [--concurrency N | --rate R] [options]"
    static let abstract = "Submit jobs, cancel them at planned points, poll them to the end, and check the contract."
    static let discussion = """
    Without --target, cancelbench starts its reference target in-process on a loopback port and runs against it.
    Every job gets a cancel point drawn from --cancel-mix; every HTTP exchange is recorded and every job's history
    is checked against the invariants the profile's contract supports. Results go to --out (by default a new
    folder under cancelbench-results/): plan.json (the typed plan) and profile.json (a copy of the profile), which
    replay, check, report and compare read; requests.csv, jobs.csv, history.jsonl, violations.jsonl, summary.json,
    OP.hgrm and OP.uncorrected.hgrm (HdrHistogram percentile distributions), latency.hlog (HdrHistogram interval
    log) and report.html. Progress goes to stderr (one updating line on a terminal); Ctrl-C stops the run and
    still writes every file.

    Cancel points: none, after-submit, queued, claim, running, progress, racing-completion, after-terminal,
    duplicate, duplicate-same-key, key-payload, retry-timeout, replay-submit, unknown-id, missing-id, no-token, unpaid.
    Points a profile cannot play (no progress field, no Idempotency-Key, no auth) are left out of the default mix.
    A verdict is a promise: the run passes only when every accepted job was read to a terminal state (or the
    share --min-terminal allows) and at least --min-invariants invariants were judged; a run that judged too
    little (every read 404, every submit refused, jobs given up) ends indeterminate, exit 3, with the reason.
    Chaos: --nemesis FAULT (repeatable) puts faults on the target in windows at seeded moments (pause, kill,
    restart, partition, latency, reset); --target-cmd starts the target in its own process group, restarts it
    after a kill and always stops it. Answers lost in a window are info, never fail; each window is judged for
    lost jobs (12) and recovery (13, --recovery-timeout) and written to nemesis.csv. See docs/chaos.md.
    Exit codes: 0 pass, 1 invariant violated, 2 gate failed, 3 could not run or judged too little, 64 usage,
    65 bad profile, 130 interrupted.
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "profile", value: "NAME|FILE", help: "API dialect: pika, beatra, praison, or a profile JSON file. Default pika.", completion: .profiles),
        OptionSpec(name: "target", value: "URL", help: "Base URL of the API to test (http://127.0.0.1:8080). Default: the embedded reference target."),
        OptionSpec(name: "token", value: "TOKEN", help: "Bearer token for --target (or set CANCELBENCH_TOKEN). Never written to any output."),
        OptionSpec(name: "unpaid-token", value: "TOKEN", help: "Token of an account without a subscription, for the unpaid probe (or set CANCELBENCH_UNPAID_TOKEN)."),
        OptionSpec(name: "jobs", value: "N", help: "Jobs to submit. Default 2000."),
        OptionSpec(name: "duration", value: "D", help: "Stop submitting after D (10s, 2m); jobs in flight still finish. Default: no limit."),
        OptionSpec(name: "concurrency", value: "N", help: "Closed model: jobs in flight at once. Default 64."),
        OptionSpec(name: "rate", value: "R", help: "Open model: jobs started per second, whatever the target's speed."),
        OptionSpec(name: "arrival", value: "KIND", help: "Open model arrivals: constant or poisson. Default constant.",
                   completion: .words(ArrivalSchedule.Process.allCases.map(\.rawValue))),
        OptionSpec(name: "max-in-flight", value: "N", help: "Open model: cap on jobs in flight (memory: about 4 KB each), up to 100000; starts beyond it are late. Default 10000."),
        OptionSpec(name: "connections", value: "N", help: "HTTP connections kept alive. Default: the concurrency (64 for the open model)."),
        OptionSpec(name: "cancel-mix", value: "MIX", help: "Weights of cancel points, POINT=WEIGHT,...; default: \(CancelMix.standard).",
                   completion: .weights(CancelPoint.allCases.map(\.rawValue))),
        OptionSpec(name: "duplicates", value: "N", help: "Concurrent cancels sent by a duplicate point. Default 3."),
        OptionSpec(name: "poll-interval", value: "D", help: "Time between status reads of a job. Default 20ms."),
        OptionSpec(name: "job-timeout", value: "D", help: "Give up on a job not terminal this long after submit (a cancelled one: after its cancel deadline). Default 30s."),
        OptionSpec(name: "cancel-deadline", value: "D", help: "A job must be terminal this long after a cancel was accepted (invariant 10). Default 10s."),
        OptionSpec(name: "workers", value: "N|auto", help: "Play the plan as N shard processes on this machine (auto: one per core) and merge them into one results folder. Default: one per core for a remote target, 1 for a loopback or embedded one."),
        OptionSpec(name: "settle", value: "N", help: "Reads of a job after it is seen over, 1, 2, 4… poll intervals apart, so a final state that changes later is seen. 0 to 20. Default 2."),
        OptionSpec(name: "race-jitter", value: "D", help: "Half-width of the window claim and racing-completion cancels land in. Default 5ms."),
        OptionSpec(name: "request-timeout", value: "D", help: "Timeout of one HTTP exchange, 1ms to 1h. Default 5s."),
        OptionSpec(name: "max-body", value: "SIZE", help: "Largest answer body read; a longer one is cut off and recorded as body-too-large. Default 4MB."),
        TransportOption.spec,
        OptionSpec(name: "min-terminal", value: "PCT", help: "Share of accepted jobs that must be read to a terminal state for a verdict. Default 100%."),
        OptionSpec(name: "min-invariants", value: "N", help: "Invariants that must be judged (pass or fail) for a verdict. Default 2."),
        OptionSpec(name: "seed", value: "S", help: "Seed of the plan (cancel points, arrivals): the same seed plans the same run. Default: random, printed."),
        OptionSpec(name: "job", value: "N", help: "Run only job number N of the plan (with --seed: replays that job).", repeatable: true),
        OptionSpec(name: "out", value: "DIR", help: "Results folder. Default cancelbench-results/RUN_ID."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
        OptionSpec(name: "threshold", value: "EXPR", help: "CI gate, k6-like: 'cancel.p(99)<300ms', 'error_rate<1%', 'violations==0'; a failed one exits 2.", repeatable: true),
        OptionSpec(name: "thresholds", value: "FILE", help: "Thresholds from a file, one per line, # comments."),
        OptionSpec(name: "abort-on-fail", value: nil, help: "Stop the run as soon as a threshold can no longer pass (max, counts, violations)."),
        OptionSpec(name: "junit", value: "FILE", help: "Write JUnit XML: one test case per invariant and per threshold."),
        OptionSpec(name: "summary-markdown", value: "FILE", help: "Write the verdict, tables and thresholds as Markdown (for $GITHUB_STEP_SUMMARY)."),
        OptionSpec(name: "baseline", value: "DIR", help: "Compare with a baseline run's results folder at the end; a regression exits 2."),
        OptionSpec(name: "max-regression", value: "PCT", help: "With --baseline: allowed rise, 10% or 0.1. Default 10%."),
        OptionSpec(name: "metric", value: "NAME", help: "With --baseline: metric to compare (repeatable). Default p(50), p(99), error_rate.", repeatable: true),
    ] + ShardOptions.specs + ChaosOptions.specs + TargetOptions.specs + MetricsOptions.specs

    let plan: RunPlan
    let credentials: Credentials
    /// `--workers`: shard processes to play the plan with (1: this process alone).
    let workers: Int
    /// Whether `workers` is the remote-target default rather than asked for.
    let workersDefaulted: Bool
    let arguments: [String]
    /// `--metrics-listen`, `--metrics-linger`.
    let metrics: MetricsOptions?

    init(_ args: ParsedArguments) throws {
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let loaded = try ProfileLoader.load(args.string("profile") ?? "pika")
        let profile = loaded.profile
        let target = try args.string("target").map { t throws(UsageError) in try TargetURL(t) }
        let jobs = try args.int("jobs", in: 1...100_000_000) ?? 2000
        let model = try Self.model(args)
        let shard = try ShardOptions.shard(args)
        if !shard.isWhole, !args.all("job").isEmpty { throw UsageError("--job replays single jobs of the whole plan; it cannot be used with --shard") }
        // A shard with no job, or no part of the concurrency, would start nothing: its jobs never played.
        if !shard.isWhole, shard.jobs(of: jobs) == 0 {
            throw UsageError("--shard \(shard): a plan of \(jobs) job\(jobs == 1 ? "" : "s") has none for shard \(shard.index + 1); use at most \(jobs) shards")
        }
        if !shard.isWhole, case .closed(let c) = model, shard.concurrency(of: c) == 0 {
            throw UsageError("--shard \(shard): a concurrency of \(c) divided among \(shard.count) shards leaves shard \(shard.index + 1) none; use at most \(c) shards or a concurrency of at least \(shard.count)")
        }
        let defaultConnections: Int
        if case .closed(let c) = model { defaultConnections = max(1, shard.concurrency(of: c)) } else { defaultConnections = 64 }
        let seed: UInt64
        if let s = args.string("seed") {
            guard let v = UInt64(s) else { throw UsageError("--seed: expected a whole number ≥ 0, found '\(s)'") }
            seed = v
        } else {
            seed = UInt64.random(in: 0..<1_000_000_000)
        }
        var mix = try (try args.string("cancel-mix").map { m throws(UsageError) in try CancelMix(parsing: m) } ?? .standard)
            .fitted(to: profile, explicit: args.string("cancel-mix") != nil)
        let dialect = profile.reference.flatMap(Dialect.init(rawValue:))
        if target == nil, dialect == nil {
            throw UsageError("--profile \(profile.name): the profile names no embedded reference target (\"reference\": \(Profile.referenceDialects.map { "\"\($0)\"" }.joined(separator: ", "))), so there is nothing to run it against here; give --target URL of the API it describes")
        }
        if target != nil, !args.all("fault").isEmpty {
            throw UsageError("--fault plants bugs in the embedded reference target; it cannot be used with --target (use it on 'cancelbench serve')")
        }
        let credentials = try TokenOptions.credentials(args, embedded: target == nil)
        // The unpaid probe needs an unpaid account's token: the embedded target has one; for --target, only if given.
        if credentials.unpaidToken == nil, target != nil {
            if args.string("cancel-mix") != nil, mix.weights.contains(where: { $0.point == .unpaid && $0.weight > 0 }) {
                throw UsageError("--cancel-mix: the unpaid probe needs an unpaid account's token: give --unpaid-token or set CANCELBENCH_UNPAID_TOKEN")
            }
            mix = try mix.without(.unpaid)
        }
        var onlyJobs: [Int]?
        if !args.all("job").isEmpty {
            onlyJobs = try args.all("job").map { j throws(UsageError) in
                guard let n = Int(j), n >= 0 else { throw UsageError("--job: expected a job number ≥ 0, found '\(j)'") }
                return n
            }
        }
        let runId = RunID.make()
        var embedded: EmbeddedPlan?
        if target == nil, let dialect { embedded = try TargetOptions.plan(args, dialect: dialect) }
        self.credentials = credentials
        var plan = RunPlan(
            runId: runId, profile: profile, profileBytes: loaded.bytes, profileSource: loaded.source, target: target,
            embedded: embedded, model: model, jobs: jobs, duration: try args.duration("duration", in: DurationLimits.runLength),
            connections: try args.int("connections", in: 1...10_000) ?? defaultConnections,
            mix: mix, duplicates: try args.int("duplicates", in: 2...100) ?? 3,
            settings: JobScript.Settings(
                pollInterval: try args.duration("poll-interval", in: DurationLimits.pollInterval) ?? .milliseconds(20),
                timeout: try args.duration("job-timeout", in: DurationLimits.jobTimeout) ?? .seconds(30),
                cancelDeadline: try args.duration("cancel-deadline", in: DurationLimits.jobTimeout) ?? .seconds(10),
                raceJitter: try args.duration("race-jitter", in: DurationLimits.raceJitter) ?? .milliseconds(5),
                settleReads: try args.int("settle", in: 0...20) ?? 2),
            requestTimeout: try args.duration("request-timeout", in: DurationLimits.requestTimeout) ?? .seconds(5),
            maxBody: try args.byteSize("max-body", in: 1024...(1 << 30)) ?? 4 << 20,
            judging: .init(minTerminal: try args.fraction("min-terminal") ?? 1, minInvariants: try args.int("min-invariants", in: 0...Invariant.allCases.count) ?? 2),
            seed: seed, onlyJobs: onlyJobs, gate: try Self.gate(args),
            outputs: .init(directory: args.string("out") ?? "cancelbench-results/\(runId)", junitPath: args.string("junit"),
                             markdownPath: args.string("summary-markdown")))
        plan.shard = shard
        plan.transport = try TransportOption.parse(args, url: target?.url)
        plan.startAt = try ShardOptions.startAt(args)
        plan.chaos = try ChaosOptions.plan(args, target: target, shard: shard)
        self.plan = plan
        arguments = args.raw
        var workers: Int
        if args.string("workers") == "auto" {
            workers = ProcessInfo.processInfo.activeProcessorCount
        } else if let n = try args.int("workers", in: 1...256) {
            workers = n
        } else {
            workers = Self.defaultWorkers(target: target, shard: shard, abortOnFail: plan.gate.abortOnFail, replaysJobs: !args.all("job").isEmpty,
                                          cores: ProcessInfo.processInfo.activeProcessorCount)
        }
        // No more workers than jobs, nor (closed model) than the concurrency: each worker must have both.
        var most = jobs
        if case .closed(let c) = model { most = min(most, c) }
        workers = min(workers, max(1, most))
        let metrics = try MetricsOptions.parse(args)
        if plan.chaos != nil || metrics != nil, args.string("workers") == nil { workers = 1 }
        if workers > 1 {
            if plan.chaos != nil { throw UsageError("--nemesis and --target-cmd act on one target from one process; they cannot be used with --workers") }
            if !shard.isWhole { throw UsageError("--workers plays every shard of the plan on this machine; it cannot be used with --shard") }
            if plan.gate.abortOnFail { throw UsageError("--abort-on-fail cannot be used with --workers: the gate is judged once, on the merged run") }
            if !args.all("job").isEmpty { throw UsageError("--workers cannot replay single jobs (--job)") }
            if metrics != nil { throw UsageError("--metrics-listen serves one process's run; it cannot be used with --workers (give each shard's process its own port with --shard)") }
        }
        self.metrics = metrics
        self.workers = workers
        workersDefaulted = args.string("workers") == nil && workers > 1
    }

    /// Without `--workers`: one process per core against a remote target, whose server does not share this
    /// machine's cores; one process against a loopback or embedded target (the server needs the other cores),
    /// for a shard (`--shard`: the engine placed it), and where one process is required (`--abort-on-fail`,
    /// `--job`).
    static func defaultWorkers(target: TargetURL?, shard: Shard, abortOnFail: Bool, replaysJobs: Bool, cores: Int) -> Int {
        guard let target, !target.isLoopback, shard.isWhole, !abortOnFail, !replaysJobs else { return 1 }
        return max(1, cores)
    }

    /// `--rate` (open model) or `--concurrency` (closed model), with their companions.
    static func model(_ args: ParsedArguments) throws(UsageError) -> LoadModelKind {
        if let rate = try args.double("rate", in: 0.001...1_000_000) {
            if args.string("concurrency") != nil { throw UsageError("--rate and --concurrency choose different load models; give one") }
            let arrival = args.string("arrival") ?? "constant"
            guard let process = ArrivalSchedule.Process(rawValue: arrival) else {
                throw UsageError("--arrival: expected constant or poisson, found '\(arrival)'")
            }
            // About 4 KB per job in flight (its script, history and queued requests): the cap bounds memory.
            return .open(rate: rate, arrival: process, maxInFlight: try args.int("max-in-flight", in: 1...100_000) ?? 10_000)
        }
        if args.string("arrival") != nil { throw UsageError("--arrival needs --rate (the open model)") }
        if args.string("max-in-flight") != nil { throw UsageError("--max-in-flight needs --rate (the open model)") }
        return .closed(concurrency: try args.int("concurrency", in: 1...100_000) ?? 64)
    }

    /// The CI gate's options: thresholds (flags and file), baseline.
    static func gate(_ args: ParsedArguments) throws -> RunPlan.Gate {
        var gate = RunPlan.Gate()
        gate.thresholds = try args.all("threshold").map { t throws(UsageError) in try Threshold.parse(t) }
        if let file = args.string("thresholds") {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("--thresholds: cannot read '\(file)'") }
            gate.thresholds += try ThresholdFile.parse(String(decoding: data, as: UTF8.self), file: file)
        }
        gate.abortOnFail = args.flag("abort-on-fail")
        if gate.abortOnFail, gate.thresholds.isEmpty { throw UsageError("--abort-on-fail needs --threshold or --thresholds") }
        if let dir = args.string("baseline") {
            _ = try Summary.read(resultsDirectory: dir)
            gate.baseline = dir
            gate.maxRegression = try args.percentage("max-regression") ?? 0.1
            gate.baselineMetrics = try (args.all("metric").isEmpty ? Comparison.Metric.defaults : args.all("metric"))
                .map { m throws(UsageError) in try Comparison.Metric.named(m) }
        } else if args.string("max-regression") != nil || !args.all("metric").isEmpty {
            throw UsageError("--max-regression and --metric compare with a baseline: give --baseline DIR")
        }
        return gate
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        if workers > 1 {
            var pool = WorkerPool(workers: workers, plan: plan, credentials: credentials, arguments: arguments, context: context)
            pool.defaulted = workersDefaulted
            return try pool.run()
        }
        return try PlanPlayer(context: context).play(plan, credentials, metrics: metrics)
    }
}
