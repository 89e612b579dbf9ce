import Harness
import LoadModel
import Reports

/// The command table and the error shape every command shares:
/// `Error: … / Usage: … / See 'cancelbench COMMAND --help'`.
public enum CancelbenchCLI {
    static var commands: [any Command.Type] { [RunCommand.self, ServeCommand.self, ProxyCommand.self, ReplayCommand.self, ReportCommand.self, CompareCommand.self, AttackCommand.self, CheckCommand.self, ProbeCommand.self, MergeCommand.self, CompletionCommand.self] }
    public static let version = "0.1.0"

    /// Runs the command line (without the program name) and returns the exit code.
    /// `handleSignals` routes Ctrl-C to the command so it can write its results; tests leave it off.
    /// `capture` keeps what the command prints instead of writing it (tests).
    public static func main(_ arguments: [String], handleSignals: Bool = false, capture: ConsoleCapture? = nil) -> Int32 {
        var console = Console(capture: capture)
        guard let first = arguments.first else {
            console.error(overview)
            return ExitCode.usage.rawValue
        }
        if first == "--help" || first == "-h" || first == "help" {
            if arguments.count > 1, let c = commands.first(where: { $0.name == arguments[1] }) {
                console.out(c.helpText)
            } else {
                console.out(overview)
            }
            return ExitCode.pass.rawValue
        }
        if first == "--version" { console.out("cancelbench \(version)"); return ExitCode.pass.rawValue }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.error("Error: unknown command '\(first)'\nUsage: cancelbench COMMAND [options]\nSee 'cancelbench --help'")
            return ExitCode.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") { console.out(command.helpText); return ExitCode.pass.rawValue }
        do {
            let parsed = try ParsedArguments(rest, specs: command.options, command: command.name)
            console.quiet = parsed.flag("quiet")
            let instance = try command.init(parsed)
            return try instance.run(CommandContext(console: console, handleSignals: handleSignals)).rawValue
        } catch let e as UsageError {
            console.error("Error: \(e.message)\nUsage: cancelbench \(command.usage)\nSee 'cancelbench \(command.name) --help'")
            return ExitCode.usage.rawValue
        } catch let e as DataError {
            console.error("Error: \(e)")
            return ExitCode.badData.rawValue
        } catch let e as WriteFailure {
            console.error("Error: \(e)")
            return ExitCode.couldNotRun.rawValue
        } catch let e as RunFailure {
            console.error("Error: \(e.message)")
            return e.code.rawValue
        } catch {
            console.error("Error: \(error)")
            return ExitCode.couldNotRun.rawValue
        }
    }

    static var overview: String {
        var text = """
        cancelbench — a load and chaos harness for asynchronous job APIs (submit, poll, cancel).

        Usage: cancelbench COMMAND [options]

        Commands:

        """
        let width = commands.map { $0.name.count }.max() ?? 0
        for c in commands { text += "  \(c.name.padding(width + 2))\(c.abstract)\n" }
        text += "\nSee 'cancelbench COMMAND --help' for a command's options."
        return text
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
