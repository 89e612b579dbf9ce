/// A parsed JSON value; objects keep their keys in document order.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The member named `key` of an object, or nil for other values and missing keys.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// Follows a dotted path such as `billing.charged_credits`; nil when any step is missing.
    public func value(at path: FieldPath) -> JSONValue? {
        var current = self
        for step in path.steps {
            guard let next = current[step] else { return nil }
            current = next
        }
        return current
    }

    /// The string payload, or nil for other kinds.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A number, or a string that spells a decimal number (APIs send credits as strings).
    public var numericValue: Double? {
        switch self {
        case .number(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    /// A short name of the value's kind, for error messages ("an object", "a string"...).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A dotted path into a JSON document, such as `progress.percent`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// The object keys to follow, outermost first.
    public var steps: [String]

    public init(_ dotted: String) { steps = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    public var description: String { steps.joined(separator: ".") }
}
