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

    /// Follows a path such as `billing.charged_credits` or `items[0].id`; nil when any step is missing.
    public func value(at path: FieldPath) -> JSONValue? {
        var current = self
        for step in path.steps {
            switch step {
            case .key(let k):
                guard let next = current[k] else { return nil }
                current = next
            case .index(let i):
                guard case .array(let items) = current, i < items.count else { return nil }
                current = items[i]
            }
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

/// A path into a JSON document: object keys between dots and array elements in brackets, such as
/// `progress.percent`, `items[0].id` or `$.workflowExecutionInfo.status` (a leading `$` or `$.` is the root).
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step: an object member, or an array element counted from 0.
    public enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps to follow, outermost first.
    public var steps: [Step]
    /// The text the path was written as.
    public let description: String

    /// Parses `text`; nil when it is not a path (an empty name, a bracket that is not `[N]`).
    public init?(parsing text: String) {
        var rest = Substring(text)
        var rootOnly = false
        if rest.hasPrefix("$.") { rest = rest.dropFirst(2) } else if rest.hasPrefix("$") { rest = rest.dropFirst(); rootOnly = true }
        var steps: [Step] = []
        // Segments between dots: a name (empty only for the root's own brackets, `$[0]`), then `[N]`s.
        var first = true
        for segment in rest.split(separator: ".", omittingEmptySubsequences: false) {
            let name = segment.prefix { $0 != "[" }
            if name.isEmpty && !(first && rootOnly) { return nil }
            if rootOnly && first && !name.isEmpty { return nil }
            if !name.isEmpty { steps.append(.key(String(name))) }
            var brackets = segment.dropFirst(name.count)
            while !brackets.isEmpty {
                guard brackets.first == "[", let close = brackets.firstIndex(of: "]") else { return nil }
                let digits = brackets[brackets.index(after: brackets.startIndex)..<close]
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
                steps.append(.index(n))
                brackets = brackets[brackets.index(after: close)...]
            }
            first = false
        }
        if rootOnly && rest.isEmpty { steps = [] }
        self.steps = steps
        description = text
    }

    /// A dotted path of keys only (no brackets); for paths known to be well formed.
    public init(_ dotted: String) {
        steps = dotted.split(separator: ".", omittingEmptySubsequences: false).map { .key(String($0)) }
        description = dotted
    }

    public static func == (a: FieldPath, b: FieldPath) -> Bool { a.steps == b.steps }
    public func hash(into hasher: inout Hasher) { hasher.combine(steps) }
}
