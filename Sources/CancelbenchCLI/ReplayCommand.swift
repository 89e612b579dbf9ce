import Foundation
import Harness
import LoadModel

/// `cancelbench replay`: plays a recorded run's plan again, whole or one job, from its results folder.
struct ReplayCommand: Command {
    static let name = "replay"
    static let usage = "replay RESULTS_DIR [--job N|JOB_ID] [--repeat K] [--out DIR]"
    static let abstract = "Run a recorded plan again from its results folder: the same seed, settings and cancel points."
    static let discussion = """
    The results folder's plan.json and profile.json hold the plan (never a token: give --token or
    CANCELBENCH_TOKEN again for a --target that needs one); the profile file the run was started with is not
    read again, so editing or deleting it changes nothing. With --job, only that job's plan runs — its cancel
    point, its timing fraction and jitter — and --repeat plays it K times, since a race may need several tries.
    Each violation in violations.jsonl carries the replay command for its job. The embedded target's own
    randomness follows its own job order, so a single-job replay repeats the harness's side exactly and the
    server's side statistically. A run's nemesis and --target-cmd are not replayed (their windows were timed to
    the whole run, and the command may have held a token, recorded redacted): start the target, then replay.
    """
    /// Results folders.
    static let arguments = ValueCompletion.directories
    static let options: [OptionSpec] = [
        OptionSpec(name: "job", value: "N|JOB_ID", help: "Replay only this job: its number in jobs.csv, or its job_id."),
        OptionSpec(name: "repeat", value: "K", help: "Play the job's plan K times (with --job). Default 1."),
        OptionSpec(name: "out", value: "DIR", help: "Results folder of the replay. Default RESULTS_DIR/replay-RUN_ID."),
        OptionSpec(name: "token", value: "TOKEN", help: "Bearer token for a --target run (or set CANCELBENCH_TOKEN)."),
        OptionSpec(name: "target", value: "URL", help: "Send to this URL instead of the recorded one (a URL's user and password are never recorded)."),
        OptionSpec(name: "unpaid-token", value: "TOKEN", help: "Unpaid account's token, if the run probed one (or set CANCELBENCH_UNPAID_TOKEN)."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let plan: RunPlan
    let credentials: Credentials

    init(_ args: ParsedArguments) throws {
        guard let dir = args.positionals.first else { throw UsageError("replay needs the results folder of a run") }
        if args.positionals.count > 1 { throw UsageError("unexpected argument '\(args.positionals[1])'") }
        let folder = try ResultsFolder(dir)
        let repeats = try args.int("repeat", in: 1...100_000) ?? 1
        var jobs: [Int]?
        if let job = args.string("job") {
            jobs = Array(repeating: try folder.jobNumber(job), count: repeats)
        } else if repeats > 1 {
            throw UsageError("--repeat needs --job")
        }
        let target = try args.string("target").map { t throws(UsageError) in try TargetURL(t) }
        plan = try folder.replayPlan(jobs: jobs, out: args.string("out"), target: target)
        credentials = try TokenOptions.credentials(args, embedded: plan.target == nil)
    }

    func run(_ context: CommandContext) throws -> ExitCode { try PlanPlayer(context: context).play(plan, credentials) }
}
