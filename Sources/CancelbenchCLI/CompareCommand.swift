import Foundation
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
        let baseline = try Self.summary(args.positionals[0]), current = try Self.summary(args.positionals[1])
        if !args.flag("force"), let why = Comparison.mismatch(baseline, current) {
            throw UsageError("the runs are not comparable: \(why); give --force to compare anyway")
        }
        let metrics = try (args.all("metric").isEmpty ? ["p(50)", "p(99)", "error_rate"] : args.all("metric"))
            .map { m throws(UsageError) in try Comparison.Metric.named(m) }
        comparison = Comparison(baseline: baseline, current: current, metrics: metrics,
                                maxRegression: try Self.fraction(args.string("max-regression") ?? "10%", flag: "--max-regression"))
    }

    /// A results folder's summary.json, parsed.
    static func summary(_ dir: String) throws -> JSONValue {
        let path = dir + "/summary.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("'\(dir)' is not a results folder: no summary.json in it")
        }
        do { return try JSONParser.parse(Array(data)) } catch {
            throw DataError(file: path, path: "$", message: "not valid JSON: \(error)")
        }
    }

    /// `10%` or `0.1` as a fraction.
    static func fraction(_ text: String, flag: String) throws(UsageError) -> Double {
        let percent = text.hasSuffix("%")
        guard let v = Double(percent ? String(text.dropLast()) : text), v >= 0, v.isFinite else {
            throw UsageError("\(flag): expected a percentage such as 10% or a fraction such as 0.1, found '\(text)'")
        }
        return percent ? v / 100 : v
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        context.console.out(Self.table(comparison))
        return comparison.regressions.isEmpty ? .pass : .gateFailed
    }

    /// The comparison as a table, with a verdict line.
    static func table(_ c: Comparison) -> String {
        func value(_ v: Double, _ latency: Bool) -> String { latency ? ns(Int64(saturating: v)) : String(format: "%.2f%%", v * 100) }
        var rows = [["op", "metric", "baseline", "current", "change", "result"]]
        for r in c.rows {
            let change = r.change.map { String(format: "%+.1f%%", $0 * 100) } ?? "from 0"
            rows.append([r.operation, r.metric, value(r.baseline, r.isLatency), value(r.current, r.isLatency), change,
                         (r.change ?? .infinity) > c.maxRegression ? "REGRESSION" : "ok"])
        }
        var out = align(rows, left: [0, 1, 5])
        let limit = String(format: "%g%%", c.maxRegression * 100)
        out.append("")
        out.append(c.regressions.isEmpty ? "compare: no regression beyond \(limit) → exit 0"
                   : "compare: \(c.regressions.count) regression(s) beyond \(limit) → exit 2")
        return out.joined(separator: "\n")
    }
}
