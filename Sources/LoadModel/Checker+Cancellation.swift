/// Invariants 9 and 10: what a cancelled job may still do, and how long a cancel may take.
extension Checker {
    /// 9. Once a read shows the job cancelled, later reads show no more progress and no more usage.
    func checkNoWorkAfterCancel(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        // Searched by index (fields in place): `first(where:)` copied every read it passed over.
        guard let f = reads.indices.first(where: { reads[$0].observation?.state == .cancelled }), let o = reads[f].observation else { return }
        let first = reads[f]
        // By index: binding each later read to a name copied it.
        for k in reads.indices where first.precedes(reads[k]) {
            guard let l = reads[k].observation else { continue }
            if let p = o.progress, let q = l.progress, q > p {
                let later = reads[k]
                return fail(.noWorkAfterCancel, history, "read \(first.ref) showed the job cancelled at progress \(JSONText.number(p)), then read \(later.ref) showed progress \(JSONText.number(q))",
                            [first, later], into: &result)
            }
            if let u = o.usage, let v = l.usage, v > u + 1e-9 * max(1, u) {
                let later = reads[k]
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
    func checkBoundedCancellation(_ history: JobHistory, reads: [Operation], cancels: [Operation], into result: inout JobCheck) {
        guard let accepted = cancels.first(where: { $0.outcome == .ok }) else { return }
        let due = accepted.complete + cancelDeadline
        // A read answered "gone" where the retention lets jobs go ended the job as surely as a terminal read. The
        // first of these, by invoke (terminal reads before gone answers among equals), is the one a late end names.
        // By index, without collecting or sorting copies.
        let ops = history.operations
        var earliest: (read: Bool, index: Int)?, earliestInvoke = Instant(nanoseconds: .max)
        for k in reads.indices where reads[k].observation?.state?.isTerminal == true {
            if reads[k].precedes(accepted) || reads[k].invoke <= due { return result.record(.boundedCancellation, .pass) }
            if earliest == nil || reads[k].invoke < earliestInvoke { (earliest, earliestInvoke) = ((true, k), reads[k].invoke) }
        }
        for k in ops.indices where ops[k].kind == .status && profile.saysGone(ops[k]) {
            if ops[k].precedes(accepted) || ops[k].invoke <= due { return result.record(.boundedCancellation, .pass) }
            if earliest == nil || ops[k].invoke < earliestInvoke { (earliest, earliestInvoke) = ((false, k), ops[k].invoke) }
        }
        let deadline = "\(JSONText.number(cancelDeadline.milliseconds)) ms"
        if let earliest {
            let late = earliest.read ? reads[earliest.index] : ops[earliest.index]
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
