/// Invariant 5: duplicate cancels converge.
extension Checker {
    /// 5. For a job that got two or more cancels: every answer and read shows the same cancel timestamp
    /// (one `cancel_requested_at`, however many cancels), and the ok answers that show a terminal state all
    /// show the same one (one transition).
    func checkDuplicateCancels(_ history: JobHistory, into result: inout JobCheck) {
        // Counted before the cancels are copied out: most jobs send one or none.
        guard history.operations.reduce(0, { $0 + ($1.isOwnCancel ? 1 : 0) }) >= 2 else { return }
        let cancels = history.cancels
        let stamped = history.operations.filter { $0.idUse == .job && $0.outcome == .ok && $0.observation?.cancelRequestedAt != nil }
        if let first = stamped.first,
           let other = stamped.first(where: { $0.observation?.cancelRequestedAt != first.observation?.cancelRequestedAt }) {
            let field = profile.fields.cancelRequestedAt?.description ?? "cancel timestamp"
            return fail(.duplicateCancelsConverge, history, "\(first.ref) shows \(field) \(first.observation!.cancelRequestedAt!), \(other.ref) shows \(other.observation!.cancelRequestedAt!): \(cancels.count) cancels made more than one",
                        [first, other], into: &result)
        }
        let terminalAnswers = cancels.filter { $0.outcome == .ok && $0.observation?.state?.isTerminal == true }
        if let first = terminalAnswers.first,
           let other = terminalAnswers.first(where: { $0.observation?.status != first.observation?.status }) {
            return fail(.duplicateCancelsConverge, history, "duplicate cancels were answered \"\(first.observation?.status ?? "")\" (\(first.ref)) and \"\(other.observation?.status ?? "")\" (\(other.ref))",
                        [first, other], into: &result)
        }
        // Judged when any cancel answered; when none did, indeterminate answers hide the outcome.
        result.record(.duplicateCancelsConverge, cancels.contains { $0.outcome != .info } ? .pass : .unknown)
    }
}
