/// A string with `{variable}` placeholders, compiled once so filling it on the hot path is a concatenation.
public struct Template: Sendable, Equatable, CustomStringConvertible {
    /// The variables a template may name.
    public enum Variable: String, CaseIterable, Sendable {
        /// The job's id as the API returned it at submit (percent-encoded when it fills a URL).
        case id
        /// The job's sequence number in the run, from 0.
        case seq
        /// The run id.
        case run
        /// A fresh Idempotency-Key for this request (or the one being replayed).
        case idempotencyKey
        /// A fresh X-Request-Id for this request.
        case requestId
        /// `1` normally, `2` when the harness sends a different payload under a reused Idempotency-Key.
        case payload
        /// The URL of cancelbench's loopback callback receiver.
        case callbackUrl
        /// A per-job key the client chooses (`cb-RUN-JOB`): the job's id when the profile's submit id is
        /// `{"client": true}`, or any per-job name the API wants (a workflow id, a client reference).
        case jobKey
    }

    enum Part: Sendable, Equatable {
        case literal(String)
        case variable(Variable)
    }

    let parts: [Part]
    /// The UTF-8 length of the literal parts together.
    let literalLength: Int
    /// The source text, for messages.
    public let description: String

    /// Compiles `text`; an unknown `{name}` or an unclosed brace is an error naming the problem. `{{` and `}}`
    /// stand for a literal `{` and `}` (a GraphQL query, a JSON text body).
    public init(_ text: String) throws(TemplateError) {
        description = text
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            literal += rest[..<open]
            let next = rest.index(after: open)
            if rest[open] == "}" {
                // `}}` is one literal brace; a lone `}` is literal as it always was.
                literal += "}"
                rest = next < rest.endIndex && rest[next] == "}" ? rest[rest.index(after: next)...] : rest[next...]
                continue
            }
            if next < rest.endIndex, rest[next] == "{" {
                literal += "{"
                rest = rest[rest.index(after: next)...]
                continue
            }
            guard let close = rest[open...].firstIndex(of: "}") else { throw TemplateError(message: "unclosed '{' in \(DisplayText.quoted(text)); write {{ for a literal brace") }
            let name = String(rest[next..<close])
            guard let variable = Variable(rawValue: name) else {
                let known = Variable.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
                throw TemplateError(message: "unknown variable {\(DisplayText.cut(name))} in \(DisplayText.quoted(text)); known: \(known) (write {{ and }} for literal braces)")
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            parts.append(.variable(variable))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
        literalLength = parts.reduce(0) { n, part in
            if case .literal(let s) = part { return n + s.utf8.count }
            return n
        }
    }

    /// Whether the template names `variable`.
    public func uses(_ variable: Variable) -> Bool { parts.contains(.variable(variable)) }

    /// Fills the placeholders from `value`; a variable it returns nil for becomes empty.
    public func render(_ value: (Variable) -> String?) -> String {
        var out = ""
        // Room for the literals and an id or two: one allocation, not one per growth.
        out.reserveCapacity(literalLength + 48)
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .variable(let v): out += value(v) ?? ""
            }
        }
        return out
    }
}

/// A template that does not compile.
public struct TemplateError: Error, Sendable {
    public var message: String
}
