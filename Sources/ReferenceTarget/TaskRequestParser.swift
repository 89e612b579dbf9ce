/// Parses the body of `POST /v1/tasks` into a `TaskRequest`, or explains why it is invalid.
enum TaskRequestParser {
    /// The parsed request, or the message for a 400 `invalid_request`.
    static func parse(_ body: [UInt8]) -> Result<TaskRequest, InvalidRequest> {
        // An absent body is an empty request: every field is optional.
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .success(.empty) }
        guard let members = JSONScanner.objectMembers(body) else {
            return .failure(InvalidRequest("Request body must be a JSON object"))
        }
        var capability = TaskRequest.defaultCapability, model = TaskRequest.defaultModel
        var metadata = TaskRequest.empty.metadataJSON, input = TaskRequest.empty.inputJSON
        var callback: String?
        for member in members where member.kind != .null {
            switch member.key {
            case "capability", "model", "callback_url":
                guard let value = member.string else {
                    return .failure(InvalidRequest("Field \(member.key) must be a string"))
                }
                if member.key == "capability" { capability = value } else if member.key == "model" { model = value } else {
                    // The target calls this URL itself, so only loopback is allowed: it must never reach off the host.
                    guard CallbackURL(value) != nil else {
                        return .failure(InvalidRequest("callback_url must be a loopback http URL"))
                    }
                    callback = value
                }
            case "input":
                guard member.kind == .object else { return .failure(InvalidRequest("Field input must be an object")) }
                input = Array(body[member.range])
            case "metadata":
                let raw = Array(body[member.range])
                guard member.kind == .object, let entries = JSONScanner.objectMembers(raw),
                      entries.allSatisfy({ $0.kind == .string }) else {
                    return .failure(InvalidRequest("Field metadata must be an object of strings"))
                }
                metadata = raw
            default:
                continue  // Unknown fields are ignored, as most JSON APIs do.
            }
        }
        return .success(TaskRequest(capability: capability, model: model, metadataJSON: metadata,
                                    inputJSON: input, callbackURL: callback))
    }

    /// Why a body was rejected, for the error message.
    struct InvalidRequest: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
