/// What a shell completion script offers for an option's value or a command's arguments.
///
/// It lives in the option tables beside the help line, so `cancelbench completion` and `--help` are made from the
/// same specs and a new flag cannot be documented but left out of completion.
enum ValueCompletion: Sendable, Equatable {
    /// A free value (a number, a URL, a duration): nothing to offer.
    case none
    /// One of these words.
    case words([String])
    /// A profile: a name the profile loader finds, or a `.json` file.
    case profiles
    /// Any file.
    case files
    /// A folder (results folders, `--out DIR`).
    case directories
    /// A `NAME=WEIGHT,...` list whose names are these words (`--cancel-mix`).
    case weights([String])

    /// The default for a value placeholder: `DIR` completes folders, `FILE` files, anything else nothing.
    static func placeholder(_ value: String?) -> ValueCompletion {
        switch value {
        case "DIR": return .directories
        case "FILE": return .files
        default: return .none
        }
    }
}

extension OptionSpec {
    /// What completion offers for this option's value; nil for a flag that takes none.
    var valueCompletion: ValueCompletion? {
        guard value != nil else { return nil }
        return completion ?? .placeholder(value)
    }
}
