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
        var submittedId: String?
        if op.outcome == .ok, let document {
            if kind == .submit {
                switch document.value(at: profile.submitId) {
                case .string(let s)?: submittedId = s
                case .number(let n)?: submittedId = JSONText.number(n)
                default: break
                }
            }
            op.observation = profile.observe(document)
            op.returnedId = submittedId
        } else if op.outcome != .ok {
            op.errorBody = document
        }
        return (op, submittedId)
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
