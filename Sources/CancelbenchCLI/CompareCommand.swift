import Foundation
import Harness
import LoadModel
import Reports

/// `cancelbench compare`: a run against a baseline run, per operation, failing on regressions beyond a margin.
struct CompareCommand: Command {
    static let name = "compare"
    static let usage = "compare BASELINE_DIR CURRENT_DIR [--max-regression 10%] [--metric p(99)]... [--force]"
    static let abstract = "Compare a run's latency and error rate with a baseline run's; exit 2 on a regression."
    static let discussion = """
    Reads both results folders' summary.json. Runs with a different profile, load model, concurrency, rate or
    arrival process measure different things and are refused (exit 64) unless --force. A metric regresses when the
    current value exceeds the baseline by more than --max-regression (a rise from 0 counts); lower is better for
    every metric. Metrics: p(50), p(90), p(99), p(99.9), max, avg (corrected latency; prefix uncorrected. for the
    uncorrected view) and error_rate. Default: p(50), p(99), error_rate.
    Exit codes: 0 no regression, 2 a regression, 64 usage or runs not comparable, 65 a malformed summary.json.
    """
    /// Results folders.
    static let arguments = ValueCompletion.directories
    static let options: [OptionSpec] = [
        OptionSpec(name: "max-regression", value: "PCT", help: "Allowed rise before a metric fails, 10% or 0.1. Default 10%."),
        OptionSpec(name: "metric", value: "NAME", help: "Metric to compare (repeatable). Default p(50), p(99), error_rate.", repeatable: true),
        OptionSpec(name: "force", value: nil, help: "Compare even when the runs' plans differ."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let comparison: Comparison

    init(_ args: ParsedArguments) throws {
        guard args.positionals.count == 2 else {
            throw UsageError("compare needs two results folders, BASELINE_DIR and CURRENT_DIR; found \(args.positionals.count)")
        }
        let baseline = try Summary.read(resultsDirectory: args.positionals[0])
        let current = try Summary.read(resultsDirectory: args.positionals[1])
        if !args.flag("force"), let why = Comparison.mismatch(.init(baseline), .init(current)) {
            throw UsageError("the runs are not comparable: \(why); give --force to compare anyway")
        }
        let metrics = try (args.all("metric").isEmpty ? Comparison.Metric.defaults : args.all("metric"))
            .map { m throws(UsageError) in try Comparison.Metric.named(m) }
        comparison = Comparison(baseline: baseline, current: current, metrics: metrics,
                                maxRegression: try args.percentage("max-regression") ?? 0.1)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        context.console.out(comparison.table)
        return comparison.regressions.isEmpty ? .pass : .gateFailed
    }
}
