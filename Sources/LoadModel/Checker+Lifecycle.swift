/// Invariants about states: 1 (terminal stays terminal) and 3 (an acknowledged cancel sticks).
extension Checker {
    /// 1. After an ok read shows a terminal status, every read that began after it ended shows the same status.
    ///
    /// Reads that overlap in time are not ordered and are not compared. The raw status is compared, so Pika's
    /// `moderated` turning into `failed` is a change even though both are canonically failed.
    func checkTerminalStaysTerminal(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        // By index, comparing fields in place: copying each operation of each pair cost more than the comparison.
        var sawTerminal = false
        for i in reads.indices where reads[i].observation?.state?.isTerminal == true {
            sawTerminal = true
            let status = reads[i].observation?.status, ended = reads[i].complete
            if let j = reads.indices.first(where: { ended < reads[$0].invoke && reads[$0].observation?.status != status }) {
                let first = reads[i], later = reads[j]
                fail(.terminalStaysTerminal, history,
                    "read \(first.ref) showed terminal \"\(status ?? "")\", then read \(later.ref) showed \"\(later.observation?.status ?? "")\"",
                    [first, later], into: &result)
                return
            }
        }
        if sawTerminal { result.record(.terminalStaysTerminal, .pass) }
    }

    /// 3. A cancel answered with the cancelled state is never followed by a read showing succeeded or failed.
    ///
    /// A cancel answered with a non-terminal state (and a `cancel_requested_at`) is a request, not an
    /// acknowledgement: the job may still finish, so it is not judged here. Nor is a later read that still shows
    /// the job running: some contracts stop running work "after a moment".
    ///
    /// Where the contract guarantees cancellation (`"semantics": "guaranteed"`), an accepted cancel of a job that
    /// was live when the cancel took effect is an acknowledgement too, whatever its answer's body says.
    func checkAcknowledgedCancel(_ history: JobHistory, reads: [Operation], cancels: [Operation], into result: inout JobCheck) {
        if profile.cancelRule.semantics == .guaranteed { checkGuaranteedCancel(history, reads: reads, cancels: cancels, into: &result) }
        let acks = cancels.filter { $0.outcome == .ok && $0.observation?.state == .cancelled }
        guard !acks.isEmpty else { return }
        for ack in acks {
            // Searched by index (fields in place): `first(where:)` copied every read it passed over.
            if let k = reads.indices.first(where: {
                ack.complete < reads[$0].invoke && reads[$0].observation?.state?.isTerminal == true && reads[$0].observation?.state != .cancelled
            }) {
                let later = reads[k]
                fail(.acknowledgedCancelSticks, history,
                    "cancel \(ack.ref) was answered \"\(ack.observation?.status ?? "")\", then read \(later.ref) showed \"\(later.observation?.status ?? "")\"",
                    [ack, later], into: &result)
                return
            }
        }
        result.record(.acknowledgedCancelSticks, .pass)
    }

    /// 3, guaranteed cancellation: an accepted cancel of a live job must end the job cancelled. The job was live
    /// when the cancel took effect if no read before the cancel showed it finished and either the contract refuses
    /// a finished job's cancel (so a 2xx proves it was live), or the answer shows it live, or a read that began
    /// after the answer still shows it live. A later terminal read that is not cancelled is then a violation.
    private func checkGuaranteedCancel(_ history: JobHistory, reads: [Operation], cancels: [Operation], into result: inout JobCheck) {
        let finishedCancelIs2xx = (200...299).contains { profile.contract.cancelTerminal.status.accepts($0) }
        for cancel in cancels where cancel.outcome == .ok {
            if reads.contains(where: { $0.precedes(cancel) && $0.observation?.state?.isTerminal == true }) { continue }
            if let answered = cancel.observation?.state, answered.isTerminal, answered != .cancelled { continue }
            let answerLive = cancel.observation?.state.map { !$0.isTerminal || $0 == .cancelled } ?? false
            let readLive = reads.first { cancel.precedes($0) && $0.observation?.state?.isTerminal == false }
            guard !finishedCancelIs2xx || answerLive || readLive != nil else { continue }
            if let end = reads.first(where: { cancel.precedes($0) && $0.observation?.state?.isTerminal == true && $0.observation?.state != .cancelled }) {
                let proof = readLive.map { ", read \($0.ref) showed it still \"\($0.observation?.status ?? "")\"" } ?? ""
                fail(.acknowledgedCancelSticks, history,
                     "cancel \(cancel.ref) was accepted (\(cancel.httpStatus))\(proof), and the contract guarantees cancellation, but read \(end.ref) showed \"\(end.observation?.status ?? "")\"",
                     [cancel, end] + (readLive.map { [$0] } ?? []), into: &result)
                return
            }
            let ended = reads.contains { cancel.precedes($0) && $0.observation?.state == .cancelled }
                || history.operations.contains { cancel.precedes($0) && profile.saysGone($0) }
            result.record(.acknowledgedCancelSticks, ended ? .pass : .unknown)
        }
    }
}
