/// Invariant 7: Idempotency-Key.
extension Checker {
    /// 7. Requests that reuse an Idempotency-Key: two ok answers to the same payload are the same stored
    /// answer (same body; for a submit, the same job), and a different payload under a key already used
    /// successfully is rejected as the contract says (by default any 4xx). So a key never causes two effects.
    func checkIdempotencyKeys(_ history: JobHistory, into result: inout JobCheck) {
        // Most jobs send no key: then there is no group to make.
        guard history.any({ history.operations[$0].idUse == .job && history.operations[$0].details?.idempotencyKey != nil }) else { return }
        var groups: [String: [Operation]] = [:]
        for op in history.operations where op.idUse == .job {
            guard let key = op.idempotencyKey else { continue }
            groups["\(op.kind.rawValue) \(key)", default: []].append(op)
        }
        for (_, ops) in groups.sorted(by: { $0.key < $1.key }) where ops.count >= 2 {
            let ok = ops.filter { $0.outcome == .ok }
            for (i, a) in ok.enumerated() {
                for b in ok[(i + 1)...] where a.payload == b.payload && (a.bodyHash != b.bodyHash || a.returnedId != b.returnedId) {
                    let what = a.returnedId != b.returnedId
                        ? "created two jobs (\(a.returnedId ?? "?"), \(b.returnedId ?? "?"))"
                        : "was answered twice differently, so it was executed again rather than replayed"
                    return fail(.idempotencyKey, history, "\(a.kind.rawValue) key \(a.idempotencyKey!) (\(a.ref), \(b.ref)) \(what)",
                                [a, b], into: &result)
                }
            }
            for first in ok where first.payload == 1 {
                if let reuse = ops.first(where: { $0.payload != first.payload && first.precedes($0) && $0.outcome != .info && !profile.contract.keyReuse.accepts($0.httpStatus) }) {
                    return fail(.idempotencyKey, history, "\(reuse.kind.rawValue) \(reuse.ref) reused key \(first.idempotencyKey!) of \(first.ref) with a different payload and was answered \(reuse.httpStatus); the contract says \(profile.contract.keyReuse)",
                                [first, reuse], into: &result)
                }
            }
            // An indeterminate first attempt (the retry-timeout probe) hides nothing the answers above could show.
            result.record(.idempotencyKey, ok.isEmpty ? .unknown : .pass)
        }
    }
}
