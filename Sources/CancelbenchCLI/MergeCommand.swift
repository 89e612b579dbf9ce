import Harness
import LoadModel

/// `cancelbench merge`: the shards of one plan combined into one results folder and judged as one run.
struct MergeCommand: Command {
    static let name = "merge"
    static let usage = "merge RESULTS_DIR... --out DIR [--partial] [--threshold EXPR] [--junit FILE] [--summary-markdown FILE] [--baseline DIR]"
    static let abstract = "Merge the results folders of a plan's shards exactly into one, and judge the whole as one run."
    static let discussion = """
    Each folder must be a shard of the same plan (`run --shard K/N` with the same seed, jobs, profile and
    flags), each shard given once. Counts add; latency histograms add at full resolution (each shard's
    tally.json), so percentiles are read from the merged histograms, never averaged; invariant verdicts add;
    requests.csv, jobs.csv, history.jsonl and violations.jsonl are concatenated with a shard column, and the CSV
    times are moved onto the first shard's clock. The merged folder has its own summary.json, .hgrm files and
    report.html, and `report` and `compare` read it like any results folder. Thresholds, --junit and
    --baseline judge the merged run, so a CI gate judges a distributed run as one.
    A merge with a shard missing is refused unless --partial, which merges what there is, names the missing
    shards in every output and is never a PASS (exit 3). A shard that was interrupted, stopped early or lost
    evidence makes the whole indeterminate too.
    Exit codes: as `run` (0 pass, 1 violations, 2 gate failed, 3 judged too little); 64 folders that are not
    the shards of one plan, a shard twice, or a shard missing; 65 a shard's files do not read.
    """
    /// Results folders.
    static let arguments = ValueCompletion.directories
    static let options: [OptionSpec] = [
        OptionSpec(name: "out", value: "DIR", help: "The merged results folder (required)."),
        OptionSpec(name: "partial", value: nil, help: "Merge although shards are missing; the result names them and is never a PASS."),
        OptionSpec(name: "threshold", value: "EXPR", help: "CI gate on the merged run, as run's --threshold; a failed one exits 2.", repeatable: true),
        OptionSpec(name: "thresholds", value: "FILE", help: "Thresholds from a file, one per line, # comments."),
        OptionSpec(name: "junit", value: "FILE", help: "Write JUnit XML of the merged run."),
        OptionSpec(name: "summary-markdown", value: "FILE", help: "Write the merged run's verdict, tables and thresholds as Markdown."),
        OptionSpec(name: "baseline", value: "DIR", help: "Compare the merged run with a baseline results folder; a regression exits 2."),
        OptionSpec(name: "max-regression", value: "PCT", help: "With --baseline: allowed rise, 10% or 0.1. Default 10%."),
        OptionSpec(name: "metric", value: "NAME", help: "With --baseline: metric to compare (repeatable). Default p(50), p(99), error_rate.", repeatable: true),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let plan: Merge.Plan

    init(_ args: ParsedArguments) throws {
        guard !args.positionals.isEmpty else { throw UsageError("merge needs the shards' results folders") }
        guard let out = args.string("out") else { throw UsageError("merge needs --out DIR, the merged results folder") }
        if args.positionals.contains(out) { throw UsageError("--out \(out) is one of the shards' folders; give a new folder") }
        plan = Merge.Plan(directories: args.positionals, out: out, partial: args.flag("partial"), gate: try RunCommand.gate(args),
                          junitPath: args.string("junit"), markdownPath: args.string("summary-markdown"))
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let outcome = try Merge(plan: plan).run()
        context.console.out(outcome.report)
        if let error = outcome.error { context.console.error(error) }
        return outcome.code
    }
}
