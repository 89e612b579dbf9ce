/// Reading a profile from its JSON file, with errors that name the file, the JSON path and what was expected.
extension Profile {
    /// Parses profile JSON; `file` is used in error messages only.
    ///
    /// A profile is hostile input until it passes: it is refused when over `maxBytes`, not UTF-8, not JSON, when
    /// an object repeats a key, and when text sent on the wire holds what would break the request (see `WireText`).
    public static func parse(_ bytes: [UInt8], file: String? = nil) throws(DataError) -> Profile {
        do throws(DataError) {
            try checkText(bytes)
            let document: JSONValue
            do { document = try JSONParser.parse(bytes) } catch {
                throw DataError(path: "$", message: "not valid JSON: \(error)")
            }
            try checkKeys(document)
            return try Profile(JSONCursor(document))
        } catch {
            throw DataError(file: file, path: error.path, message: error.message)
        }
    }

    init(_ root: JSONCursor) throws(DataError) {
        _ = try root.object(allowed: ["format", "name", "description", "reference", "auth", "submit", "status", "cancel", "fields",
                                      "states", "contract", "callback", "retention", "probes"])
        if let f = root.optional("format") { format = try f.int(in: 1...2) }
        name = try root.required("name", "a short name such as \"pika\"").string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw DataError(path: "$.name", message: "expected letters, digits, '-' or '_', found \(DisplayText.quoted(name))")
        }
        description = try root.optional("description")?.string() ?? ""
        if let r = root.optional("reference") {
            let value = try r.string()
            guard Self.referenceDialects.contains(value) else {
                throw r.fail("expected the embedded reference target to serve: \(Self.referenceDialects.map { "\"\($0)\"" }.joined(separator: ", ")), found \(DisplayText.quoted(value))")
            }
            reference = value
        }
        if let a = root.optional("auth") { auth = try Self.auth(a) }
        let submitCursor = try root.required("submit", "an object describing the submit call")
        submit = try Self.call(submitCursor, extraKeys: ["id"])
        submitId = try Self.idSource(try submitCursor.required("id", "where the job id is: a field such as \"jobid\", {\"header\": \"Location\", \"pattern\": \"/jobs/{id}\"} or {\"client\": true}"))
        if submitId == .client, !submit.uses(.jobKey) {
            throw DataError(path: "$.submit", message: "expected {jobKey} in the submit path, a header or the body, since the client chooses the id (\"id\": {\"client\": true})")
        }
        status = try Self.call(try root.required("status", "an object describing the status read"), needsId: true)
        let cancelCursor = try root.required("cancel", "an object describing the cancel call")
        cancel = try Self.call(cancelCursor, needsId: true, extraKeys: ["answer", "semantics"])
        cancelRule = try Self.cancelRule(cancelCursor)
        fields = try Self.fields(try root.required("fields", "an object with at least \"status\""))
        states = try Self.states(try root.required("states", "an object mapping status names to canonical states"))
        contract = try Self.contract(try root.required("contract", "an object with \"cancelTerminal\""))
        if let c = root.optional("callback") {
            _ = try c.object(allowed: ["id"])
            callback = Callback(id: try c.required("id", "the field holding the job id in a callback body").fieldPath())
            guard submit.body?.uses(.callbackUrl) == true else {
                throw DataError(path: "$.submit.body", message: "expected {callbackUrl} somewhere in the submit body, since \"callback\" is set")
            }
        }
        if let r = root.optional("retention") { retention = try Self.retention(r, contract: contract) }
        if let p = root.optional("probes") { probes = try Self.probes(p) }
    }

    static func fields(_ c: JSONCursor) throws(DataError) -> Fields {
        _ = try c.object(allowed: ["status", "progress", "cancelRequestedAt", "charged", "refunded", "usage"])
        func path(_ key: String) throws(DataError) -> FieldPath? { try c.optional(key).map { x throws(DataError) in try x.fieldPath() } }
        let f = Fields(status: try c.required("status", "the field holding the status name").fieldPath(),
                       progress: try path("progress"), cancelRequestedAt: try path("cancelRequestedAt"),
                       charged: try path("charged"), refunded: try path("refunded"), usage: try path("usage"))
        if (f.charged == nil) != (f.refunded == nil) {
            throw DataError(path: JSONPath.member(c.path, f.charged == nil ? "charged" : "refunded"),
                            message: "missing; billing needs both \"charged\" and \"refunded\"")
        }
        return f
    }

    static func states(_ c: JSONCursor) throws(DataError) -> [String: CanonicalState] {
        guard case .object(let members) = c.value, !members.isEmpty else { throw c.fail("expected a non-empty object, found \(c.value.kindName)") }
        var map: [String: CanonicalState] = [:]
        let names = CanonicalState.allCases.map(\.rawValue)
        for m in members {
            let value = try JSONCursor(m.value, path: JSONPath.member(c.path, m.key)).oneOf(names)
            map[m.key] = CanonicalState(rawValue: value)
        }
        // An API may go straight to running (no queued state); every lifecycle still has an end for a
        // cancelled job and one for a job that ran to completion.
        if !map.values.contains(.cancelled) {
            throw c.fail("no status maps to \"cancelled\"; every lifecycle needs one")
        }
        if !map.values.contains(where: { $0 == .succeeded }) { throw c.fail("no status maps to \"succeeded\"") }
        if !map.values.contains(where: { !$0.isTerminal }) { throw c.fail("no status maps to \"queued\" or \"running\"; a job must be live before it ends") }
        return map
    }

    static func contract(_ c: JSONCursor) throws(DataError) -> Contract {
        _ = try c.object(allowed: ["cancelTerminal", "unknownId", "missingId", "unauthorized", "unpaid", "keyReuse"])
        let t = try c.required("cancelTerminal", "the rule for cancelling a terminal job")
        _ = try t.object(allowed: ["status", "sameState", "sameBilling"])
        let rule = TerminalCancelRule(status: try statusRule(try t.required("status", "\"any\", \"2xx\", a status code or a list of them")),
                                      sameState: try t.optional("sameState")?.bool() ?? false,
                                      sameBilling: try t.optional("sameBilling")?.bool() ?? false)
        let keyReuse = try c.optional("keyReuse").map { k throws(DataError) in try statusRule(k) } ?? .clientError
        return Contract(cancelTerminal: rule, unknownId: try errorRule(c.optional("unknownId")),
                        missingId: try errorRule(c.optional("missingId")),
                        unauthorized: try errorRule(c.optional("unauthorized")), unpaid: try errorRule(c.optional("unpaid")),
                        keyReuse: keyReuse)
    }

    static func statusRule(_ c: JSONCursor) throws(DataError) -> StatusRule {
        switch c.value {
        case .string("any"): return .any
        case .string("2xx"): return .success
        case .string("4xx"): return .clientError
        case .number: return .oneOf([try c.int(in: 100...599)])
        case .array(let items) where !items.isEmpty:
            var codes: [Int] = []
            for (i, item) in items.enumerated() { codes.append(try JSONCursor(item, path: JSONPath.element(c.path, i)).int(in: 100...599)) }
            return .oneOf(codes)
        default: throw c.fail("expected \"any\", \"2xx\", \"4xx\", a status code or a list of them, found \(DisplayText.json(c.value))")
        }
    }

    static func errorRule(_ c: JSONCursor?) throws(DataError) -> ErrorRule? {
        guard let c else { return nil }
        _ = try c.object(allowed: ["status", "body"])
        let status = try c.required("status", "the documented status code").int(in: 100...599)
        let body = c.optional("body")
        if let body, case .object = body.value {} else if let body { throw body.fail("expected an object of fields the body must contain, found \(body.value.kindName)") }
        return ErrorRule(status: status, body: body?.value)
    }
}
