/// A JSON request body whose string values may hold `{variable}` placeholders.
///
/// Compiled once into JSON text chunks and variables, so each request only concatenates; substituted values
/// are JSON-escaped, so an id with a quote in it cannot break the document.
public struct BodyTemplate: Sendable, Equatable {
    let parts: [Template.Part]

    /// Compiles a JSON value; `path` locates it for error messages.
    public init(_ value: JSONValue, path: String) throws(DataError) {
        var parts: [Template.Part] = []
        var literal = ""
        try Self.compile(value, path: path, into: &parts, literal: &literal)
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    private static func compile(_ value: JSONValue, path: String,
                                into parts: inout [Template.Part], literal: inout String) throws(DataError) {
        switch value {
        case .string(let s):
            let template: Template
            do { template = try Template(s) } catch { throw DataError(path: path, message: error.message) }
            literal += "\""
            for part in template.parts {
                switch part {
                case .literal(let text):
                    let quoted = JSONText.quote(text)
                    literal += quoted.dropFirst().dropLast()
                case .variable:
                    if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                    parts.append(part)
                }
            }
            literal += "\""
        case .array(let elements):
            literal += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { literal += "," }
                try compile(e, path: JSONPath.element(path, i), into: &parts, literal: &literal)
            }
            literal += "]"
        case .object(let members):
            literal += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { literal += "," }
                literal += JSONText.quote(m.key) + ":"
                try compile(m.value, path: JSONPath.member(path, m.key), into: &parts, literal: &literal)
            }
            literal += "}"
        default:
            literal += JSONText.serialize(value)
        }
    }

    /// The body text with placeholders filled (values JSON-escaped).
    public func render(_ value: (Template.Variable) -> String?) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .variable(let v): out += JSONText.quote(value(v) ?? "").dropFirst().dropLast()
            }
        }
        return out
    }

    /// Whether the body names `variable`.
    public func uses(_ variable: Template.Variable) -> Bool { parts.contains(.variable(variable)) }
}
