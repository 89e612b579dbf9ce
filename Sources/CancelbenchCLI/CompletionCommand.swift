import Harness
import LoadModel

/// `cancelbench completion`: prints a bash or zsh completion script made from the command table, so the flags
/// it completes are the ones `--help` lists.
struct CompletionCommand: Command {
    static let name = "completion"
    static let usage = "completion bash|zsh"
    static let abstract = "Print a bash or zsh completion script for cancelbench's commands, options and known values."
    static let discussion = """
    The script completes the commands, each command's options, and the values known in advance: profile names
    and files, --nemesis faults, --fault names, --cancel-mix points, --arrival kinds, folders and files. It is
    made from the same option tables as --help; print it again after an upgrade so new options complete.
    bash: add `source <(cancelbench completion bash)` to ~/.bashrc, or install it for everyone:
      cancelbench completion bash > /etc/bash_completion.d/cancelbench
    zsh: write it as _cancelbench into a folder on $fpath, then run compinit:
      mkdir -p ~/.zfunc && cancelbench completion zsh > ~/.zfunc/_cancelbench
      and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath); autoload -Uz compinit && compinit
    Exit codes: 0 printed, 64 no shell or one other than bash and zsh.
    """
    static let options: [OptionSpec] = []
    static let arguments = ValueCompletion.words(Shell.allCases.map(\.rawValue))

    /// The shells a script can be printed for.
    enum Shell: String, CaseIterable {
        /// Bash 4.0 or later (`complete -F`, `compopt`, `mapfile`).
        case bash
        /// zsh's completion system (`compinit`, `_arguments`).
        case zsh
    }

    let shell: Shell

    init(_ args: ParsedArguments) throws {
        let names = Shell.allCases.map(\.rawValue).joined(separator: " or ")
        guard let given = args.positionals.first else { throw UsageError("completion needs a shell: \(names)") }
        if args.positionals.count > 1 { throw UsageError("unexpected argument '\(args.positionals[1])'") }
        guard let shell = Shell(rawValue: given) else {
            throw UsageError("no completion for the shell '\(given)'; expected \(names)")
        }
        self.shell = shell
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let script = CompletionScript(commands: CancelbenchCLI.commands, profileNames: ProfileLoader.knownNames)
        switch shell {
        case .bash: context.console.out(script.bash)
        case .zsh: context.console.out(script.zsh)
        }
        return .pass
    }
}
