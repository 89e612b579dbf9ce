import Harness
import LoadModel
import ReferenceTarget

/// `cancelbench probe`: one job, slowly, for a profile's author.
struct ProbeCommand: Command {
    static let name = "probe"
    static let usage = "probe --profile NAME|FILE [--target URL] [options]"
    static let abstract = "Play one job and show what the profile reads from each answer, with a hint where they disagree."
    static let discussion = """
    For writing a profile: one job goes submit → read → cancel → read until over. Each exchange is printed
    (method, path, status, the answer's headers with credentials redacted, the body cut short), then what the
    profile read from it: the job id and where from, the API's status and its canonical state, progress,
    billing. Where the profile and the answers disagree, the probe stops with the JSON path it looked at and
    what the answer holds instead ("$.status not found; the answer has keys workflowExecutionInfo, …").
    Without --target, the profile's embedded reference target answers. Nothing is written to disk.
    Exit codes: 0 the job went submit → read → cancel → over as the profile expects; 3 the target did not
    answer or the job did not end within --job-timeout; 64 usage; 65 the profile cannot read the answers.
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "profile", value: "NAME|FILE", help: "The profile to try: a shipped name or a profile JSON file.", completion: .profiles),
        OptionSpec(name: "target", value: "URL", help: "Base URL of the API. Default: the profile's embedded reference target."),
        OptionSpec(name: "token", value: "TOKEN", help: "Token for --target (or set CANCELBENCH_TOKEN). Never printed."),
        OptionSpec(name: "poll-interval", value: "D", help: "Time between reads. Default 100ms."),
        OptionSpec(name: "job-timeout", value: "D", help: "Give up when the job is not live, or not over after the cancel, within D. Default 30s."),
        OptionSpec(name: "request-timeout", value: "D", help: "Timeout of one exchange. Default 5s."),
        TransportOption.spec,
    ] + TargetOptions.specs

    var plan: Probe.Plan

    init(_ args: ParsedArguments) throws {
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        guard let name = args.string("profile") else { throw UsageError("probe needs --profile NAME|FILE: the profile to try") }
        let loaded = try ProfileLoader.load(name)
        let target = try args.string("target").map { t throws(UsageError) in try TargetURL(t) }
        var embedded: EmbeddedPlan?
        if target == nil {
            guard let dialect = loaded.profile.reference.flatMap(Dialect.init(rawValue:)) else {
                throw UsageError("--profile \(loaded.profile.name): the profile names no embedded reference target, so there is nothing to probe here; give --target URL of the API it describes")
            }
            embedded = try TargetOptions.plan(args, dialect: dialect)
        } else if !args.all("fault").isEmpty {
            throw UsageError("--fault plants bugs in the embedded reference target; it cannot be used with --target")
        }
        plan = Probe.Plan(profile: loaded.profile, target: target, embedded: embedded,
                          credentials: try TokenOptions.credentials(args, embedded: target == nil),
                          pollInterval: try args.duration("poll-interval", in: DurationLimits.pollInterval) ?? .milliseconds(100),
                          jobTimeout: try args.duration("job-timeout", in: DurationLimits.jobTimeout) ?? .seconds(30),
                          requestTimeout: try args.duration("request-timeout", in: DurationLimits.requestTimeout) ?? .seconds(5))
        plan.transport = try TransportOption.parse(args, url: target?.url)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let outcome = try Probe(plan: plan, print: { context.console.out($0) }).run()
        context.console.out("probe: \(outcome.code == .pass ? "PASS" : outcome.code == .badData ? "PROFILE DOES NOT FIT" : "INCOMPLETE"): \(outcome.verdict) → exit \(outcome.code.rawValue)")
        return outcome.code
    }
}
