import Foundation
import LoadModel

/// `cancelbench replay`: plays a recorded run's plan again, whole or one job, from its results folder.
struct ReplayCommand: Command {
    static let name = "replay"
    static let usage = "replay RESULTS_DIR [--job N|JOB_ID] [--repeat K] [--out DIR]"
    static let abstract = "Run a recorded plan again from its results folder: the same seed, settings and cancel points."
    static let discussion = """
    The results folder's summary.json keeps the arguments that planned the run (never a token: give --token or
    CANCELBENCH_TOKEN again for a --target that needs one). With --job, only that job's plan runs — its cancel
    point, its timing fraction and jitter — and --repeat plays it K times, since a race may need several tries.
    Each violation in violations.jsonl carries the replay command for its job. The embedded target's own
    randomness follows its own job order, so a single-job replay repeats the harness's side exactly and the
    server's side statistically.
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "job", value: "N|JOB_ID", help: "Replay only this job: its number in jobs.csv, or its job_id."),
        OptionSpec(name: "repeat", value: "K", help: "Play the job's plan K times (with --job). Default 1."),
        OptionSpec(name: "out", value: "DIR", help: "Results folder of the replay. Default RESULTS_DIR/replay-RUN_ID."),
        OptionSpec(name: "token", value: "TOKEN", help: "Bearer token for a --target run (or set CANCELBENCH_TOKEN)."),
        OptionSpec(name: "target", value: "URL", help: "Send to this URL instead of the recorded one (a URL's user and password are never recorded)."),
        OptionSpec(name: "unpaid-token", value: "TOKEN", help: "Unpaid account's token, if the run probed one (or set CANCELBENCH_UNPAID_TOKEN)."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let run: RunCommand

    init(_ args: ParsedArguments) throws {
        guard let dir = args.positionals.first else { throw UsageError("replay needs the results folder of a run") }
        if args.positionals.count > 1 { throw UsageError("unexpected argument '\(args.positionals[1])'") }
        let summaryPath = dir + "/summary.json"
        guard let data = FileManager.default.contents(atPath: summaryPath) else {
            throw UsageError("'\(dir)' is not a results folder: no summary.json in it")
        }
        let summary: JSONValue
        do { summary = try JSONParser.parse(Array(data)) } catch {
            throw DataError(file: summaryPath, path: "$", message: "not valid JSON: \(error)")
        }
        guard case .array(let items)? = summary["arguments"], !items.isEmpty else {
            throw DataError(file: summaryPath, path: "$.arguments", message: "missing; expected the arguments that planned the run")
        }
        var argv = try items.enumerated().map { i, item throws(DataError) in
            guard let s = item.stringValue else { throw DataError(file: summaryPath, path: "$.arguments[\(i)]", message: "expected a string") }
            return s
        }
        guard argv.first == "run" else { throw DataError(file: summaryPath, path: "$.arguments[0]", message: "expected \"run\"") }
        argv.removeFirst()
        let repeats = try args.int("repeat", in: 1...100_000) ?? 1
        if let job = args.string("job") {
            let index = try Self.jobNumber(job, in: dir)
            argv += Array(repeating: ["--job", String(index)], count: repeats).flatMap { $0 }
        } else if repeats > 1 {
            throw UsageError("--repeat needs --job")
        }
        let runId = summary["run_id"]?.stringValue ?? "run"
        argv += ["--out", args.string("out") ?? "\(dir)/replay-\(runId)-\(UInt32.random(in: 0..<UInt32.max) % 1_000_000)"]
        if let token = args.string("token") { argv += ["--token", token] }
        if let target = args.string("target") {
            guard let at = argv.firstIndex(of: "--target") else { throw UsageError("--target: the recorded run used the embedded target; a replay plays it there again") }
            argv[at + 1] = target
        }
        if let token = args.string("unpaid-token") { argv += ["--unpaid-token", token] }
        if args.flag("quiet") { argv.append("--quiet") }
        do {
            run = try RunCommand(ParsedArguments(argv, specs: RunCommand.options, command: "run"))
        } catch let e as UsageError where !e.message.hasPrefix("--target") && !e.message.hasPrefix("--token") {
            // The recorded arguments are the file's; a value today's flags refuse is named in it.
            throw DataError(file: summaryPath, path: "$.arguments", message: "a recorded argument is refused: \(e.message)")
        }
    }

    /// A job's number from its number or its API id (looked up in jobs.csv).
    static func jobNumber(_ text: String, in dir: String) throws(UsageError) -> Int {
        if let n = Int(text), n >= 0 { return n }
        guard let csv = try? String(contentsOfFile: dir + "/jobs.csv", encoding: .utf8) else {
            throw UsageError("--job: '\(text)' is not a job number, and \(dir)/jobs.csv cannot be read to find it as a job_id")
        }
        for line in csv.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: ",", omittingEmptySubsequences: false)
            if cols.count > 2, cols[2] == text, let n = Int(cols[1]) { return n }
        }
        throw UsageError("--job: no job with number or job_id '\(text)' in \(dir)/jobs.csv")
    }

    func run(_ context: CommandContext) throws -> ExitCode { try run.run(context) }
}
