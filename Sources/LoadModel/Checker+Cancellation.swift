/// Invariants 9 and 10: what a cancelled job may still do, and how long a cancel may take.
extension Checker {
    /// 9. Once a read shows the job cancelled, later reads show no more progress and no more usage.
    func checkNoWorkAfterCancel(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        guard let first = reads.first(where: { $0.observation?.state == .cancelled }), let o = first.observation else { return }
        for later in reads where first.precedes(later) {
            guard let l = later.observation else { continue }
            if let p = o.progress, let q = l.progress, q > p {
                return fail(.noWorkAfterCancel, history, "read \(first.ref) showed the job cancelled at progress \(JSONText.number(p)), then read \(later.ref) showed progress \(JSONText.number(q))",
                            [first, later], into: &result)
            }
            if let u = o.usage, let v = l.usage, v > u + 1e-9 * max(1, u) {
                return fail(.noWorkAfterCancel, history, "read \(first.ref) showed the job cancelled with usage \(JSONText.number(u)), then read \(later.ref) showed usage \(JSONText.number(v))",
                            [first, later], into: &result)
            }
        }
        result.record(.noWorkAfterCancel, .pass)
    }

    /// 10. After a cancel of the job is accepted (a 2xx), a read shows it terminal within the cancel deadline.
    /// A run stopped before the deadline leaves it unknown.
    func checkBoundedCancellation(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        guard let accepted = history.cancels.first(where: { $0.outcome == .ok }) else { return }
        let due = accepted.complete + cancelDeadline
        let terminal = reads.filter { $0.observation?.state?.isTerminal == true }
        if terminal.contains(where: { $0.precedes(accepted) || $0.invoke <= due }) {
            return result.record(.boundedCancellation, .pass)
        }
        if let late = terminal.first {
            return fail(.boundedCancellation, history, "cancel \(accepted.ref) was accepted, and the job was first seen terminal at \(late.ref), \(JSONText.number((late.invoke - accepted.complete).milliseconds)) ms later (deadline \(JSONText.number(cancelDeadline.milliseconds)) ms)",
                        [accepted, late], into: &result)
        }
        if history.end == .timedOut {
            let last = reads.last.map { [$0] } ?? []
            return fail(.boundedCancellation, history, "cancel \(accepted.ref) was accepted, and the job was still \"\(reads.last?.observation?.status ?? "unseen")\" after the \(JSONText.number(cancelDeadline.milliseconds)) ms deadline",
                        [accepted] + last, into: &result)
        }
        result.record(.boundedCancellation, .unknown)
    }
}
