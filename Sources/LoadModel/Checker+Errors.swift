/// Invariant 8: the error contract.
extension Checker {
    /// 8. A request naming an unknown id, or no id, or sent without a token or with an unpaid account's
    /// token, gets the status and body the contract documents; a request without a token is never accepted;
    /// and a refused probe changes nothing. A probe answered 5xx or not at all is indeterminate (unknown): a
    /// 5xx is Jepsen's info, and a flaky server answers 5xx to good and bad input alike.
    func checkErrorContract(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        let probes = history.operations.filter { $0.idUse != .job }
        for op in probes {
            let (rule, what) = expectation(op)
            // A 3xx is indeterminate for a job's own call, but for a probe it is the server's definite answer to
            // a request that named no job of its own (an HTTP router redirecting `…/jobs//cancel`, say).
            if op.outcome == .info, !(300...399).contains(op.httpStatus) { result.record(.errorContract, .unknown); continue }
            if op.outcome == .ok, op.idUse == .noToken || (op.idUse == .unpaid && rule != nil) {
                fail(.errorContract, history, "\(op.kind.rawValue) \(op.ref) with \(what) was answered \(op.httpStatus); it must be refused", [op], into: &result)
                continue
            }
            guard let rule else { result.record(.errorContract, .pass); continue }
            if op.httpStatus != rule.status {
                fail(.errorContract, history, "\(op.kind.rawValue) \(op.ref) with \(what) was answered \(op.httpStatus); the contract says \(rule.status)", [op], into: &result)
            } else if let expected = rule.body, let mismatch = bodyMismatch(expected: expected, actual: op.errorBody, id: op.requestedId) {
                fail(.errorContract, history, "\(op.kind.rawValue) \(op.ref) with \(what) was answered \(op.httpStatus) with a body that \(mismatch)", [op], into: &result)
            } else {
                result.record(.errorContract, .pass)
            }
        }
        // A refused probe must change nothing: a job nobody else cancelled must not end cancelled.
        if !probes.isEmpty, !history.operations.contains(where: \.isOwnCancel),
           let cancelled = reads.first(where: { $0.observation?.state == .cancelled }) {
            fail(.errorContract, history, "read \(cancelled.ref) shows the job cancelled, but its only cancels were refused probes (\(probes.map(\.ref).joined(separator: ", ")))",
                 probes + [cancelled], into: &result)
        }
    }

    /// The documented answer to a probe, and how messages name it.
    private func expectation(_ op: Operation) -> (ErrorRule?, String) {
        switch op.idUse {
        case .unknown: return (profile.contract.unknownId, "an unknown id \"\(op.requestedId)\"")
        case .missing: return (profile.contract.missingId, "a missing id")
        case .noToken: return (profile.contract.unauthorized, "no token")
        case .unpaid: return (profile.contract.unpaid, "an unpaid account's token")
        case .job: return (nil, "")
        }
    }

    /// Why `actual` does not contain every field of `expected` (string values rendered with `{id}`), or nil.
    func bodyMismatch(expected: JSONValue, actual: JSONValue?, id: String) -> String? {
        guard case .object(let fields) = expected else { return nil }
        guard let actual, case .object = actual else { return "is not a JSON object" }
        for (key, want) in fields {
            var wanted = want
            if case .string(let s) = want, let t = try? Template(s) {
                wanted = .string(t.render { $0 == .id ? id : nil })
            }
            guard let got = actual[key] else { return "lacks \"\(key)\" (expected \(JSONText.serialize(wanted)))" }
            if got != wanted { return "has \"\(key)\": \(JSONText.serialize(got)), expected \(JSONText.serialize(wanted))" }
        }
        return nil
    }

}
