import Harness
import LoadModel

/// One command-line option: its name, its value, and the help line that documents it.
struct OptionSpec: Sendable {
    /// Long name without dashes, `concurrency`.
    var name: String
    /// Placeholder for the value, `N`; nil for a flag that takes none.
    var value: String?
    /// One-line help, ending with the default when there is one.
    var help: String
    /// Whether the option may be given several times.
    var repeatable = false
    /// What shell completion offers for the value, when the placeholder alone does not say (`ValueCompletion`).
    var completion: ValueCompletion? = nil
}

/// The options given on a command line, after checking them against a command's specs.
struct ParsedArguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []
    /// The arguments as given (`run --workers` passes them on to its worker processes).
    let raw: [String]

    /// Parses `--name value`, `--name=value` and flags; `--` ends options. Unknown options and missing values
    /// are usage errors that name the option.
    init(_ arguments: [String], specs: [OptionSpec], command: String) throws(UsageError) {
        raw = arguments
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            guard !optionsEnded, arg.hasPrefix("--"), arg.count > 2 else {
                if arg == "--" && !optionsEnded { optionsEnded = true; continue }
                if !optionsEnded, arg.hasPrefix("-"), arg != "-" {
                    throw UsageError("unknown option '\(arg)' for '\(command)'")
                }
                positionals.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                let near = specs.map(\.name).filter { $0.hasPrefix(String(name.prefix(3))) }
                let hint = near.isEmpty ? "" : " (did you mean --\(near[0])?)"
                throw UsageError("unknown option '--\(name)' for '\(command)'\(hint)")
            }
            let value: String
            if spec.value == nil {
                if inline != nil { throw UsageError("option '--\(name)' takes no value") }
                value = "true"
            } else if let inline {
                value = inline
            } else {
                guard i < arguments.count else { throw UsageError("option '--\(name)' needs a value \(spec.value!)") }
                value = arguments[i]
                i += 1
            }
            if values[name] != nil, !spec.repeatable { throw UsageError("option '--\(name)' given more than once") }
            values[name, default: []].append(value)
        }
    }

    func string(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { values[name] != nil }

    func int(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let s = string(name) else { return nil }
        guard let v = Int(s.replacingUnderscores()), range.contains(v) else {
            throw UsageError("--\(name): expected a whole number from \(range.lowerBound) to \(range.upperBound), found '\(s)'")
        }
        return v
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let s = string(name) else { return nil }
        guard let v = Double(s), v.isFinite, range.contains(v) else {
            throw UsageError("--\(name): expected a number from \(JSONText.number(range.lowerBound)) to \(JSONText.number(range.upperBound)), found '\(s)'")
        }
        return v
    }

    /// A duration flag, refused with the flag's name when it does not parse or lies outside `range` (which also
    /// refuses values below a clock's resolution, and values that would overflow 64-bit nanoseconds).
    func duration(_ name: String, in range: ClosedRange<Span>) throws(UsageError) -> Span? {
        guard let s = string(name) else { return nil }
        return try DurationText.parse(s, flag: "--\(name)", in: range)
    }

    /// A size flag (`4MB`, `512KB`, `1048576`), refused with the flag's name outside `range` (bytes).
    func byteSize(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let s = string(name) else { return nil }
        guard let v = ByteSize.parse(s), range.contains(v) else {
            throw UsageError("--\(name): expected a size from \(ByteSize.text(range.lowerBound)) to \(ByteSize.text(range.upperBound)) (such as 512KB or 4MB), found '\(s)'")
        }
        return v
    }

    /// A fraction flag written `95%` or `0.95`, from 0 to 1.
    func fraction(_ name: String) throws(UsageError) -> Double? {
        guard let s = string(name) else { return nil }
        guard let v = ShareText.parse(s), (0...1).contains(v) else {
            throw UsageError("--\(name): expected a share from 0% to 100% (or 0 to 1), found '\(s)'")
        }
        return v
    }

    /// A rise allowed before a metric fails: `10%` or `0.1`, 0 or more (above 100% allowed).
    func percentage(_ name: String) throws(UsageError) -> Double? {
        guard let text = string(name) else { return nil }
        let percent = text.hasSuffix("%")
        guard let v = Double(percent ? String(text.dropLast()) : text), v >= 0, v.isFinite else {
            throw UsageError("--\(name): expected a percentage such as 10% or a fraction such as 0.1, found '\(text)'")
        }
        return percent ? v / 100 : v
    }
}

extension String {
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}
