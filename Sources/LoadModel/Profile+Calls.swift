/// Reading a profile's calls: method, path, headers, body, refusal rules, and where the job id comes from.
extension Profile {
    static func call(_ c: JSONCursor, needsId: Bool = false, extraKeys: [String] = []) throws(DataError) -> Call {
        _ = try c.object(allowed: ["method", "path", "headers", "body", "form", "multipart", "text", "refused"] + extraKeys)
        let method = try c.required("method", "an HTTP method").oneOf(["GET", "POST", "PUT", "PATCH", "DELETE"])
        let pathCursor = try c.required("path", "a path template such as \"/v1/jobs/{id}\"")
        let path = try pathCursor.pathTemplate()
        if needsId && !path.uses(.id) { throw pathCursor.fail("expected the path to place the job id with {id}, found \(DisplayText.quoted(path.description))") }
        var headers: [(name: String, value: Template)] = []
        if let h = c.optional("headers") {
            guard case .object(let members) = h.value else { throw h.fail("expected an object of header templates, found \(h.value.kindName)") }
            for m in members {
                let hc = JSONCursor(m.value, path: JSONPath.member(h.path, m.key))
                guard WireText.isToken(m.key) else {
                    throw hc.fail("invalid header name \(DisplayText.quoted(m.key)); expected letters, digits and !#$%&'*+-.^_`|~ (an HTTP token)")
                }
                // The transport frames the body itself; a profile's own framing header would disagree with it and
                // turn the body into a second request on the server's side (request smuggling, RFC 9112 §6.3).
                if ["content-length", "transfer-encoding"].contains(m.key.lowercased()) {
                    throw hc.fail("\(m.key) is set by the transport from the body; remove it from the profile")
                }
                headers.append((m.key, try hc.fieldTemplate()))
            }
        }
        var call = Call(method: method, path: path, headers: headers, body: try body(c))
        if let r = c.optional("refused") { call.refused = try answerRules(r) }
        if case .multipart? = call.body, call.hasHeader("Content-Type") {
            throw DataError(path: JSONPath.member(c.path, "headers"), message: "Content-Type is set by the transport for a multipart body (it carries the boundary); remove it from the profile")
        }
        return call
    }

    /// The one body a call may have: `body` (JSON), `form`, `multipart` or `text`.
    static func body(_ c: JSONCursor) throws(DataError) -> RequestBody? {
        let kinds = ["body", "form", "multipart", "text"].filter { c.optional($0) != nil }
        guard let kind = kinds.first else { return nil }
        if kinds.count > 1 {
            throw DataError(path: JSONPath.member(c.path, kinds[1]), message: "a call has one body; found both \"\(kinds[0])\" and \"\(kinds[1])\"")
        }
        let b = c.optional(kind)!
        switch kind {
        case "body": return .json(try BodyTemplate(b.value, path: b.path))
        case "text": return .text(try b.template())
        default:
            guard case .object(let members) = b.value else { throw b.fail("expected an object of field names and value templates, found \(b.value.kindName)") }
            var fields: [RequestBody.Field] = []
            for m in members {
                let fc = JSONCursor(m.value, path: JSONPath.member(b.path, m.key))
                if kind == "multipart", m.key.utf8.contains(where: { $0 == 0x22 || $0 < 0x20 || $0 == 0x7F }) {
                    throw fc.fail("a multipart field name may not hold a quote or a control character, found \(DisplayText.quoted(m.key))")
                }
                fields.append(.init(name: m.key, value: try fc.template()))
            }
            return kind == "form" ? .form(fields) : .multipart(fields)
        }
    }

    /// `"refused": [{"status": …, "body": {…}}, …]`.
    static func answerRules(_ c: JSONCursor) throws(DataError) -> [AnswerRule] {
        guard case .array(let items) = c.value, !items.isEmpty else {
            throw c.fail("expected a non-empty list of answers such as [{\"status\": \"2xx\", \"body\": {\"status\": \"REJECT\"}}], found \(Self.listKind(c.value))")
        }
        var rules: [AnswerRule] = []
        for (i, item) in items.enumerated() {
            let r = JSONCursor(item, path: JSONPath.element(c.path, i))
            _ = try r.object(allowed: ["status", "body"])
            let statusCursor = try r.required("status", "\"2xx\", a 2xx status code or a list of them")
            let status = try statusRule(statusCursor)
            // A refusal rule turns a 2xx into "refused"; other statuses are refusals or indeterminate already, and a
            // rule that made a 5xx definite would hide an error.
            switch status {
            case .success: break
            case .oneOf(let codes) where codes.allSatisfy({ (200...299).contains($0) }): break
            default: throw statusCursor.fail("expected \"2xx\", a 2xx status code or a list of them (a refused rule says which 2xx answers mean refused), found \(DisplayText.json(statusCursor.value))")
            }
            let body = r.optional("body")
            if let body, case .object = body.value {} else if let body {
                throw body.fail("expected an object of fields the answer's body holds, found \(body.value.kindName)")
            }
            rules.append(AnswerRule(status: status, body: body?.value))
        }
        return rules
    }

    /// `"id"`: a body field path (format 1), or `{"body": …}`, `{"header": …, "pattern": …}`, `{"client": true}`.
    static func idSource(_ c: JSONCursor) throws(DataError) -> IdSource {
        if case .string = c.value { return .body(try c.fieldPath()) }
        let members = try c.object(allowed: ["body", "header", "pattern", "client"])
        let keys = Set(members.map(\.key))
        if keys == ["body"] { return .body(try c.required("body", "a field path").fieldPath()) }
        if keys == ["client"] {
            guard try c.required("client", "true").bool() else { throw JSONCursor(.bool(false), path: JSONPath.member(c.path, "client")).fail("expected true (leave \"client\" out otherwise)") }
            return .client
        }
        if keys.contains("header") {
            // One source only: a "body" or "client" beside the header would be silently ignored.
            if let other = ["body", "client"].first(where: keys.contains) {
                throw DataError(path: JSONPath.member(c.path, other), message: "the id comes from one place: \"header\" with \"pattern\", or \"\(other)\"; remove one")
            }
            let name = try c.required("header", "a header name such as \"Location\"").token("a header name")
            let patternCursor = try c.required("pattern", "a pattern with {id} in it, such as \"/jobs/{id}\"")
            let text = try patternCursor.string()
            guard let pattern = IdPattern(text) else { throw patternCursor.fail("expected exactly one {id} in the pattern, found \(DisplayText.quoted(text))") }
            return .header(name: name, pattern: pattern)
        }
        throw c.fail("expected {\"body\": PATH}, {\"header\": NAME, \"pattern\": \"…{id}…\"} or {\"client\": true}, found keys \(keys.sorted().joined(separator: ", "))")
    }

    /// `"auth"`: a header with a prefix, or a query parameter.
    static func auth(_ a: JSONCursor) throws(DataError) -> Auth {
        _ = try a.object(allowed: ["header", "prefix", "query"])
        if let q = a.optional("query") {
            if let extra = ["header", "prefix"].first(where: { a.optional($0) != nil }) {
                throw DataError(path: JSONPath.member(a.path, extra), message: "the token goes in a header or in the query, not both; remove \"\(extra)\" or \"query\"")
            }
            return Auth(query: try q.token("a query parameter name"))
        }
        return Auth(header: try a.optional("header")?.token("a header name") ?? "Authorization",
                    prefix: try a.optional("prefix")?.fieldText() ?? "Bearer ")
    }

    /// The cancel call's `"answer"` and `"semantics"`.
    static func cancelRule(_ c: JSONCursor) throws(DataError) -> CancelRule {
        var rule = CancelRule()
        if let a = c.optional("answer") { rule.answer = CancelRule.Answer(rawValue: try a.oneOf(CancelRule.Answer.allCases.map(\.rawValue)))! }
        if let s = c.optional("semantics") { rule.semantics = CancelRule.Semantics(rawValue: try s.oneOf(CancelRule.Semantics.allCases.map(\.rawValue)))! }
        return rule
    }

    /// `"retention": {"afterEnd": "kept"|"gone", "afterCancel": "kept"|"gone", "status": 404}`.
    static func retention(_ c: JSONCursor, contract: Contract) throws(DataError) -> Retention {
        _ = try c.object(allowed: ["afterEnd", "afterCancel", "status"])
        func gone(_ key: String) throws(DataError) -> Bool { try c.optional(key)?.oneOf(["kept", "gone"]) == "gone" }
        var retention = Retention(goneAfterEnd: try gone("afterEnd"), goneAfterCancel: try gone("afterCancel"),
                                  status: try c.optional("status")?.int(in: 400...499) ?? contract.unknownId?.status ?? 404)
        retention.declared = true
        return retention
    }

    /// `"probes": {"unknownId": "text"|"uuid"|"integer", "calls": ["cancel", "status"]}`.
    static func probes(_ c: JSONCursor) throws(DataError) -> Probes {
        _ = try c.object(allowed: ["unknownId", "calls"])
        var probes = Probes()
        if let u = c.optional("unknownId") { probes.unknownId = Probes.Shape(rawValue: try u.oneOf(Probes.Shape.allCases.map(\.rawValue)))! }
        if let calls = c.optional("calls") {
            guard case .array(let items) = calls.value, !items.isEmpty else { throw calls.fail("expected a non-empty list of \"cancel\" and \"status\", found \(Self.listKind(calls.value))") }
            var set = Set<OperationKind>()
            for (i, item) in items.enumerated() {
                let name = try JSONCursor(item, path: JSONPath.element(calls.path, i)).oneOf(["cancel", "status"])
                set.insert(OperationKind(rawValue: name)!)
            }
            probes.calls = set
        }
        return probes
    }

    /// "an empty list" or the value's kind, for messages about lists.
    static func listKind(_ value: JSONValue) -> String {
        if case .array(let items) = value, items.isEmpty { return "an empty list" }
        return value.kindName
    }
}
