/// A data file (profile, configuration) that is not what cancelbench expects: exit code 65.
///
/// The message names the file, the JSON path (`$.cancel.method`) and what was expected, so the fix is obvious.
public struct DataError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file the data came from, or nil when it came from elsewhere (a test string).
    public var file: String?
    /// A JSONPath-style location such as `$.contract.unknownId.status`; `$` for the whole document.
    public var path: String
    /// What was wrong and what was expected.
    public var message: String

    public init(file: String? = nil, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `file: path: message`, with control characters escaped: it is printed to a terminal, and parts of it
    /// (a key, a found value, a JSON syntax error's character) come from the file.
    public var description: String {
        let location = file.map { "\($0): " } ?? ""
        return DisplayText.escapingControls("\(location)\(path): \(message)")
    }
}

/// A position in a JSON document being decoded: the value and its path, for precise error messages.
public struct JSONCursor {
    public let value: JSONValue
    public let path: String

    public init(_ value: JSONValue, path: String = "$") {
        self.value = value
        self.path = path
    }

    public func fail(_ message: String) -> DataError { DataError(path: path, message: message) }

    /// The members of an object, after checking it has no keys outside `allowed` (typos are errors).
    public func object(allowed: [String]) throws(DataError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = value else { throw fail("expected an object, found \(value.kindName)") }
        for m in members where !allowed.contains(m.key) {
            throw DataError(path: JSONPath.member(path, m.key),
                            message: "unknown key \(DisplayText.quoted(m.key)); expected one of: \(allowed.joined(separator: ", "))")
        }
        return members
    }

    /// The member `key`, or nil when absent or null.
    public func optional(_ key: String) -> JSONCursor? {
        guard let v = value[key], v != .null else { return nil }
        return JSONCursor(v, path: JSONPath.member(path, key))
    }

    /// The member `key`; absent or null is an error.
    public func required(_ key: String, _ expectation: String) throws(DataError) -> JSONCursor {
        guard let c = optional(key) else {
            throw DataError(path: JSONPath.member(path, key), message: "missing; expected \(expectation)")
        }
        return c
    }

    public func string() throws(DataError) -> String {
        guard case .string(let s) = value else { throw fail("expected a string, found \(value.kindName)") }
        return s
    }

    public func bool() throws(DataError) -> Bool {
        guard case .bool(let b) = value else { throw fail("expected true or false, found \(value.kindName)") }
        return b
    }

    public func int(in range: ClosedRange<Int>) throws(DataError) -> Int {
        guard case .number(let d) = value, d == d.rounded(), let i = Int(exactly: d), range.contains(i) else {
            throw fail("expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(DisplayText.json(value))")
        }
        return i
    }

    /// A string from a fixed set, case-sensitive.
    public func oneOf(_ choices: [String]) throws(DataError) -> String {
        let s = try string()
        guard choices.contains(s) else {
            throw fail("expected one of \(choices.joined(separator: ", ")), found \(DisplayText.quoted(s))")
        }
        return s
    }

    /// A template string.
    public func template() throws(DataError) -> Template {
        do { return try Template(try string()) } catch let e as TemplateError { throw fail(e.message) } catch { throw fail("\(error)") }
    }
}
