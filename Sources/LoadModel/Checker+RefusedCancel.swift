/// Invariant 14: a refused cancel changes nothing.
extension Checker {
    /// 14. When every cancel of the job was refused (a definite 4xx, or a 2xx the contract calls refused), a
    /// read that began after the first refusal never shows the job cancelled, unless a read before that refusal
    /// already did (a cancel refused as "already cancelled" is right). One accepted or indeterminate cancel, or
    /// an accepted probe, may explain a cancelled job, so then nothing is judged.
    func checkRefusedCancel(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        let cancels = history.operations.filter { $0.kind == .cancel && $0.idUse != .unknown && $0.idUse != .missing }
        guard let refused = cancels.filter({ $0.idUse == .job && $0.outcome == .fail }).min(by: { $0.invoke < $1.invoke }),
              cancels.allSatisfy({ $0.outcome == .fail }) else { return }
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
