import Harness
import Foundation
import LoadModel
import Reports

/// `cancelbench report`: renders a results folder as one self-contained HTML file.
struct ReportCommand: Command {
    static let name = "report"
    static let usage = "report RESULTS_DIR [--out FILE]"
    static let abstract = "Write a self-contained HTML report (charts in inline SVG) from a results folder."
    static let discussion = """
    The report is built from the folder's files alone: summary.json for the header and the invariants,
    requests.csv (streamed, whatever its length) for the latency percentile spectrum, corrected and
    uncorrected, and for throughput and in-flight over time, jobs.csv for the final state by cancel point,
    and violations.jsonl for the violations with their evidence and replay commands (the first 200).
    The file needs nothing from the network: no script, font or image. `run` writes it too.
    Exit codes: 0 written, 64 not a results folder, 65 a malformed file (named with its line).
    """
    /// Results folders.
    static let arguments = ValueCompletion.directories
    static let options: [OptionSpec] = [
        OptionSpec(name: "out", value: "FILE", help: "Where to write the report. Default RESULTS_DIR/report.html."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let directory: String
    let output: String

    init(_ args: ParsedArguments) throws {
        guard let dir = args.positionals.first else { throw UsageError("report needs the results folder of a run") }
        if args.positionals.count > 1 { throw UsageError("unexpected argument '\(args.positionals[1])'") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("'\(dir)' is not a results folder: no such folder")
        }
        guard FileManager.default.fileExists(atPath: dir + "/summary.json") else {
            throw UsageError("'\(dir)' is not a results folder: no summary.json in it")
        }
        // A folder of another format is named as such before anything is read.
        _ = try Summary.read(resultsDirectory: dir)
        directory = dir
        output = args.string("out") ?? dir + "/report.html"
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        try HTMLReport.write(resultsDirectory: directory, to: output)
        context.console.out("report: \(output)")
        return .pass
    }
}
