import Foundation
import Harness
import LoadModel
import Reports

/// `cancelbench check`: judges a recorded history.jsonl again, offline, with this build's checker.
struct CheckCommand: Command {
    static let name = "check"
    static let usage = "check RESULTS_DIR"
    static let abstract = "Check a results folder's history.jsonl again, offline, and say how fast the checker ran."
    static let discussion = """
    Reads the profile and the cancel deadline from the folder's plan.json and profile.json (never today's
    profile files), streams
    history.jsonl job by job through the checker, and prints each invariant's verdict, the violations found, and
    the checker's speed in operations per second (reading and parsing included). Useful to judge an old run
    with a newer checker, or a history another tool recorded in the same format.
    Like a run, a check that judged too little (no job in the history, jobs never read to their end) is
    indeterminate, exit 3, with the reason.
    Exit codes: 0 no violation, 1 violations, 3 judged too little, 64 not a results folder, 65 a malformed line.
    Completion callbacks (invariant 11) are not in the history and are not judged again.
    """
    /// Results folders.
    static let arguments = ValueCompletion.directories
    static let options: [OptionSpec] = [OptionSpec(name: "quiet", value: nil, help: "Print only errors.")]

    let check: OfflineCheck

    init(_ args: ParsedArguments) throws {
        guard args.positionals.count == 1 else { throw UsageError("check needs one results folder") }
        check = OfflineCheck(try ResultsFolder(args.positionals[0]))
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let outcome = try check.run()
        context.console.out(outcome.text)
        return outcome.code
    }
}
