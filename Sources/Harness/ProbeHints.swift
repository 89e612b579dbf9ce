import LoadModel

/// Where a profile and an API's answers disagree, said precisely: which JSON path, and what the answer holds.
enum ProbeHints {
    /// `$.a.b` for messages, whether or not the profile wrote the `$.`.
    static func rooted(_ path: FieldPath) -> String {
        path.description.hasPrefix("$") ? path.description : "$." + path.description
    }

    /// Why `path` reads nothing in `document`: the first step that fails, and what is there instead.
    static func path(_ path: FieldPath, in document: JSONValue?, body: [UInt8]) -> String {
        guard let document else {
            if body.isEmpty { return "the answer has no body" }
            return "the answer is not JSON (it starts \(DisplayText.quoted(String(decoding: body.prefix(60), as: UTF8.self))))"
        }
        var current = document
        var walked = "$"
        for step in path.steps {
            switch step {
            case .key(let k):
                guard case .object(let members) = current else { return "\(walked) is \(current.kindName), not an object with \"\(k)\"" + arrayHint(current, walked) }
                guard let next = members.first(where: { $0.key == k })?.value else {
                    let keys = members.prefix(12).map(\.key).joined(separator: ", ")
                    return "\(rooted(path)) not found; \(walked == "$" ? "the answer" : walked) has keys \(keys.isEmpty ? "(none)" : keys)\(members.count > 12 ? ", …" : "")"
                }
                walked += "." + k
                current = next
            case .index(let i):
                guard case .array(let items) = current else { return "\(walked) is \(current.kindName), not an array" }
                guard i < items.count else { return "\(walked) has \(items.count) elements, so [\(i)] is missing" }
                walked += "[\(i)]"
                current = items[i]
            }
        }
        switch current {
        case .string: return "\(rooted(path)) holds a string"
        case .number(let n): return "\(rooted(path)) is the number \(JSONText.number(n)); map it in \"states\" as \"\(JSONText.number(n))\" if the API's states are codes"
        default: return "\(rooted(path)) is \(current.kindName), not a status name"
        }
    }

    static func arrayHint(_ value: JSONValue, _ walked: String) -> String {
        if case .array(let items) = value, !items.isEmpty { return "; it is an array of \(items.count): write \(walked)[0]… for its first element" }
        return ""
    }

    /// Why no job id was found in a submit's answer.
    static func missingId(_ source: IdSource, _ body: [UInt8]) -> String {
        switch source {
        case .body(let p): return "no job id: " + path(p, in: ResponseReader.parseJSON(body), body: body)
        case .header(let name, let pattern): return "no job id in the \(name) header matching \(pattern) (the headers printed above show what came)"
        case .client: return "no job id: the client's {jobKey} was empty"
        }
    }

    /// What a refusal of the job's own call most likely says about the profile.
    static func refusal(_ status: Int, kind: OperationKind) -> String {
        switch status {
        case 401, 403: return "the token was refused: give --token (or CANCELBENCH_TOKEN), and check the profile's \"auth\""
        case 404 where kind == .submit: return "the profile's submit path does not exist on this target"
        case 404: return "the job's own id is unknown here: the id may be read from the wrong place, or the path does not fit"
        case 405, 501: return "the method does not fit this path"
        case 415: return "the target refuses the body's Content-Type: set it in the call's \"headers\", or use \"form\", \"multipart\" or \"text\""
        case 400, 422: return "the request was refused as malformed: check the body and headers against the API's documentation"
        default: return "the profile's \(kind.rawValue) call does not fit this target"
        }
    }
}
