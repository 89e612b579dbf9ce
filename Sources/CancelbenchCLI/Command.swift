import Harness
import LoadModel

/// A subcommand: parse, validate and run are separate steps, and `--help` comes from the same specs.
protocol Command {
    /// The word after `cancelbench`.
    static var name: String { get }
    /// The usage line after `cancelbench`, `run [options]`.
    static var usage: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// Paragraphs printed after the usage line in `--help`.
    static var discussion: String { get }
    static var options: [OptionSpec] { get }
    /// What shell completion offers for the arguments that are not options (results folders, a shell name).
    static var arguments: ValueCompletion { get }
    /// Validates the parsed arguments into a runnable command; usage errors name the flag.
    init(_ arguments: ParsedArguments) throws
    /// Runs it; the result is the process's exit code.
    func run(_ context: CommandContext) throws -> ExitCode
}

extension Command {
    static var arguments: ValueCompletion { .none }

    /// `--help`, which every command takes beside its own options.
    static var helpSpec: OptionSpec { OptionSpec(name: "help", value: nil, help: "Show this help.") }

    static var helpText: String {
        var text = "Usage: cancelbench \(usage)\n\n\(abstract)\n"
        if !discussion.isEmpty { text += "\n\(discussion)\n" }
        text += "\nOptions:\n"
        let all = options + [helpSpec]
        let width = all.map { optionLabel($0).count }.max() ?? 0
        for spec in all {
            let label = optionLabel(spec)
            text += "  " + label + String(repeating: " ", count: width - label.count + 2) + spec.help
            if spec.repeatable { text += " (repeatable)" }
            text += "\n"
        }
        return text
    }

    static func optionLabel(_ spec: OptionSpec) -> String {
        spec.value.map { "--\(spec.name) \($0)" } ?? "--\(spec.name)"
    }
}

/// What a running command may use beyond its arguments.
struct CommandContext {
    var console: Console
    /// Whether to route Ctrl-C to the command (the real process) or leave signals alone (tests).
    var handleSignals: Bool
}
