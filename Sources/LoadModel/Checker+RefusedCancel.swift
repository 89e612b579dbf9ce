/// Invariant 14: a refused cancel changes nothing.
extension Checker {
    /// 14. When every cancel of the job was refused (a definite 4xx, or a 2xx the contract calls refused), a
    /// read that began after the first refusal never shows the job cancelled, unless a read before that refusal
    /// already did (a cancel refused as "already cancelled" is right). One accepted or indeterminate cancel, or
    /// an accepted probe, may explain a cancelled job, so then nothing is judged.
    func checkRefusedCancel(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        // One pass by index, no copies: every cancel must have failed, and the first refusal of the job's own id
        // (the earliest invoked, the first listed of equals) is the one judged.
        let ops = history.operations
        var first: Int?
        for k in ops.indices where ops[k].kind == .cancel && ops[k].idUse != .unknown && ops[k].idUse != .missing {
            guard ops[k].outcome == .fail else { return }
            if ops[k].idUse == .job, first.map({ ops[k].invoke < ops[$0].invoke }) ?? true { first = k }
        }
        guard let first else { return }
        let refused = ops[first]
        if reads.contains(where: { $0.precedes(refused) && $0.observation?.state == .cancelled }) {
            return result.record(.refusedCancelChangesNothing, .pass)
        }
        if let cancelled = reads.first(where: { refused.precedes($0) && $0.observation?.state == .cancelled }) {
            return fail(.refusedCancelChangesNothing, history,
                        "cancel \(refused.ref) was refused (\(refused.httpStatus)) and no cancel of the job was accepted, but read \(cancelled.ref) showed it \"\(cancelled.observation?.status ?? "")\"",
                        [refused, cancelled], into: &result)
        }
        result.record(.refusedCancelChangesNothing, .pass)
    }
}
