/// Invariant 8: the error contract.
extension Checker {
    /// 8. A request naming an unknown id, or no id, gets the status and body the contract documents; and bad
    /// input never gets a 5xx, whatever the contract documents. A probe with no HTTP answer (timeout, reset)
    /// is unknown. Where the contract documents nothing, only the 5xx rule applies.
    func checkErrorContract(_ history: JobHistory, into result: inout JobCheck) {
        for op in history.operations where op.idUse != .job {
            let rule = op.idUse == .unknown ? profile.contract.unknownId : profile.contract.missingId
            let what = op.idUse == .unknown ? "an unknown id \"\(op.requestedId)\"" : "a missing id"
            if op.httpStatus == 0 { result.record(.errorContract, .unknown); continue }
            if op.httpStatus >= 500 {
                fail(history, "\(op.kind.rawValue) \(op.ref) with \(what) was answered \(op.httpStatus); bad input must never get a 5xx", op, into: &result)
                continue
            }
            guard let rule else { result.record(.errorContract, .pass); continue }
            if op.httpStatus != rule.status {
                fail(history, "\(op.kind.rawValue) \(op.ref) with \(what) was answered \(op.httpStatus); the contract says \(rule.status)", op, into: &result)
            } else if let expected = rule.body, let mismatch = bodyMismatch(expected: expected, actual: op.errorBody, id: op.requestedId) {
                fail(history, "\(op.kind.rawValue) \(op.ref) with \(what) was answered \(op.httpStatus) with a body that \(mismatch)", op, into: &result)
            } else {
                result.record(.errorContract, .pass)
            }
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

    private func fail(_ history: JobHistory, _ message: String, _ op: Operation, into result: inout JobCheck) {
        result.record(.errorContract, .fail)
        result.violations.append(violation(.errorContract, history, message, [op]))
    }
}
