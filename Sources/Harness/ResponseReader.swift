import LoadModel
import Reports
import Transport

/// Reads a transport response into a history operation: outcome, observation, error body, evidence excerpt.
struct ResponseReader {
    let profile: Profile
    /// Secrets a target may echo: removed from the body before any of it is kept, so a cut excerpt never
    /// holds half a token.
    var redactor: Redactor = .none

    /// The operation, and for a submit the job id the answer carried.
    func read(_ r: ClientResponse, kind: OperationKind, idUse: IdUse, requestedId: String, request: String,
              seq: Int, origin: Int64) -> (Operation, String?) {
        let document = Self.parseJSON(r.body)
        var op = Operation(seq: seq, kind: kind, idUse: idUse, requestedId: requestedId,
                           invoke: Instant(nanoseconds: r.startedAt - origin),
                           complete: Instant(nanoseconds: r.completedAt - origin),
                           httpStatus: r.status, outcome: r.error == nil ? nil : .info,
                           transportError: r.error?.rawValue)
        op.request = request
        op.excerpt = String(decoding: (redactor.isEmpty ? r.body : redactor.redact(r.body)).prefix(512), as: UTF8.self)
        op.bodyHash = Self.fnv1a(r.body)
        let refused: [AnswerRule]
        switch kind {
        case .submit: refused = profile.submit.refused
        case .status: refused = profile.status.refused
        case .cancel: refused = profile.cancel.refused
        }
        if !refused.isEmpty, r.error == nil, (200...299).contains(r.status), refused.contains(where: { $0.matches(status: r.status, body: document) }) {
            // The contract calls this 2xx answer a refusal (`201 {"status": "REJECT"}`). Only a 2xx: a 5xx stays
            // indeterminate whatever its body says.
            op.outcome = .fail
        }
        if r.resent {
            // libcurl sent the request twice (a kept-alive connection died first): the server may have acted on
            // the first send, so a refusal of the second (a 4xx, or a 2xx the contract calls refused) says
            // nothing definite about the operation.
            if r.error == nil { op.transportError = "resent" }
            if op.outcome == .fail { op.outcome = .info }
        }
        var submittedId: String?
        if op.outcome == .ok {
            if kind == .submit {
                submittedId = Self.jobId(profile.submitId, document: document, headers: r.headers, requestedId: requestedId)
                op.returnedId = submittedId
            }
            // An acknowledgement-only cancel answer is not a job document: nothing in it describes the job.
            if let document, !(kind == .cancel && profile.cancelRule.answer == .ack) {
                op.observation = profile.observe(document)
            }
        } else {
            op.errorBody = document
        }
        return (op, submittedId)
    }

    /// The job id a submit's answer carries: at a body path, in a header matched by a pattern, or the client's
    /// own key (the id the submit named).
    static func jobId(_ source: IdSource, document: JSONValue?, headers: [(name: String, value: String)], requestedId: String) -> String? {
        switch source {
        case .body(let path):
            switch document?.value(at: path) {
            case .string(let s)?: return s
            case .number(let n)?: return JSONText.number(n)
            default: return nil
            }
        case .header(let name, let pattern):
            let wanted = name.lowercased()
            guard let value = headers.first(where: { $0.name.lowercased() == wanted })?.value else { return nil }
            return pattern.match(value)
        case .client:
            return requestedId.isEmpty ? nil : requestedId
        }
    }

    /// FNV-1a, 64 bits: enough to tell a replayed body from a re-executed one.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Parses a body that looks like JSON; anything else is nil (recorded, not judged).
    static func parseJSON(_ body: [UInt8]) -> JSONValue? {
        guard let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return try? JSONParser.parse(body)
    }
}
