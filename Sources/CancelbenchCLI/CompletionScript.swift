/// A shell completion script's content, taken from the command table: each command's name, abstract, option
/// specs and arguments. Pure: the profile names found on disk come in as a parameter; `bash` and `zsh` render it.
struct CompletionScript {
    /// One command as completion sees it.
    struct Entry {
        var name: String
        var abstract: String
        /// The command's option specs, `--help` included.
        var options: [OptionSpec]
        var arguments: ValueCompletion
    }

    var entries: [Entry]
    /// Names `--profile NAME` accepts (`ProfileLoader.knownNames`).
    var profileNames: [String]

    init(commands: [any Command.Type], profileNames: [String]) {
        entries = commands.map { Entry(name: $0.name, abstract: $0.abstract, options: $0.options + [$0.helpSpec], arguments: $0.arguments) }
        self.profileNames = profileNames
    }

    /// The first sentence of a help line, for the short descriptions zsh shows beside each option.
    static func summary(_ help: String) -> String {
        guard let end = help.range(of: ". ") else { return help }
        return String(help[..<end.lowerBound]) + "."
    }

    /// `text` as one single-quoted shell word.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
