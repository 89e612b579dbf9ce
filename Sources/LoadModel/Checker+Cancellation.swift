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
    /// It fails only on what was seen: a first terminal read after the deadline, or a read sent after the deadline
    /// that still shows the job not terminal. With no read after the deadline (the run stopped, every read after
    /// the cancel failed, the harness gave up early) it is unknown: the harness never blames the target for its
    /// own limits.
    func checkBoundedCancellation(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        guard let accepted = history.firstCancel(where: { $0.outcome == .ok }) else { return }
        let due = accepted.complete + cancelDeadline
        // A read answered "gone" where the retention lets jobs go ended the job as surely as a terminal read.
        // The usual pass is found without copying operations; the sorted list is made only to word a failure.
        func ends(_ op: Operation) -> Bool { op.precedes(accepted) || op.invoke <= due }
        if reads.contains(where: { $0.observation?.state?.isTerminal == true && ends($0) })
            || history.operations.contains(where: { $0.kind == .status && profile.saysGone($0) && ends($0) }) {
            return result.record(.boundedCancellation, .pass)
        }
        let terminal = (reads.filter { $0.observation?.state?.isTerminal == true }
            + history.operations.filter { $0.kind == .status && profile.saysGone($0) }).sorted { $0.invoke < $1.invoke }
        let deadline = "\(JSONText.number(cancelDeadline.milliseconds)) ms"
        if let late = terminal.first {
            return fail(.boundedCancellation, history, "cancel \(accepted.ref) was accepted, and the job was first seen terminal at \(late.ref), \(JSONText.number((late.invoke - accepted.complete).milliseconds)) ms later (deadline \(deadline))",
                        [accepted, late], into: &result)
        }
        if let stuck = reads.last(where: { $0.invoke >= due }) {
            return fail(.boundedCancellation, history, "cancel \(accepted.ref) was accepted, and read \(stuck.ref), sent \(JSONText.number((stuck.invoke - accepted.complete).milliseconds)) ms later, still showed \"\(stuck.observation?.status ?? "")\" (deadline \(deadline))",
                        [accepted, stuck], into: &result)
        }
        result.record(.boundedCancellation, .unknown)
    }
}
