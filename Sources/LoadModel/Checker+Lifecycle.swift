/// Invariants about states: 1 (terminal stays terminal) and 3 (an acknowledged cancel sticks).
extension Checker {
    /// 1. After an ok read shows a terminal status, every read that began after it ended shows the same status.
    ///
    /// Reads that overlap in time are not ordered and are not compared. The raw status is compared, so Pika's
    /// `moderated` turning into `failed` is a change even though both are canonically failed.
    func checkTerminalStaysTerminal(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        let terminal = reads.filter { $0.observation?.state?.isTerminal == true }
        guard !terminal.isEmpty else { return }
        for first in terminal {
            let status = first.observation?.status
            if let later = reads.first(where: { first.precedes($0) && $0.observation?.status != status }) {
                fail(.terminalStaysTerminal, history,
                    "read \(first.ref) showed terminal \"\(status ?? "")\", then read \(later.ref) showed \"\(later.observation?.status ?? "")\"",
                    [first, later], into: &result)
                return
            }
        }
        result.record(.terminalStaysTerminal, .pass)
    }

    /// 3. A cancel answered with the cancelled state is never followed by a read showing succeeded or failed.
    ///
    /// A cancel answered with a non-terminal state (and a `cancel_requested_at`) is a request, not an
    /// acknowledgement: the job may still finish, so it is not judged here. Nor is a later read that still shows
    /// the job running: some contracts stop running work "after a moment".
    func checkAcknowledgedCancel(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        let acks = history.cancels.filter { $0.outcome == .ok && $0.observation?.state == .cancelled }
        guard !acks.isEmpty else { return }
        for ack in acks {
            if let later = reads.first(where: {
                ack.precedes($0) && $0.observation?.state?.isTerminal == true && $0.observation?.state != .cancelled
            }) {
                fail(.acknowledgedCancelSticks, history,
                    "cancel \(ack.ref) was answered \"\(ack.observation?.status ?? "")\", then read \(later.ref) showed \"\(later.observation?.status ?? "")\"",
                    [ack, later], into: &result)
                return
            }
        }
        result.record(.acknowledgedCancelSticks, .pass)
    }
}
