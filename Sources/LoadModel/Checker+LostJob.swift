/// Invariant 12: no lost job.
extension Checker {
    /// 12. A job once read stays readable within the contract's retention: a read of its id answered
    /// "gone" (the retention's status, else the unknown-id status) after an ok read is a lost job, unless the
    /// retention lets it go — after an accepted (or indeterminate) cancel where `afterCancel` is `gone`, or at
    /// any time where `afterEnd` is `gone` (the job may have ended unseen: unknown, never fail). A job never read
    /// ok is not judged: a 404 from the start says more about the profile than about the API. Judged only where
    /// the profile states a retention.
    func checkNoLostJob(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        guard profile.retention.declared, let firstRead = reads.first else { return }
        let goneStatus = profile.retention.status
        let gone = history.operations.filter {
            // Reads only: a cancel's answer may use the same status for something else (a contract that answers a
            // finished job's cancel 404), and the reads that follow it show whether the job is still there.
            $0.idUse == .job && $0.kind == .status && $0.outcome == .fail && $0.httpStatus == goneStatus && firstRead.precedes($0)
        }
        let retention = profile.retention
        for op in gone {
            let cancelBefore = history.anyCancel { ($0.outcome == .ok || $0.outcome == .info) && $0.invoke < op.complete }
            if retention.goneAfterCancel && cancelBefore { continue }
            let seenOver = reads.contains { $0.invoke < op.complete && $0.observation?.state?.isTerminal == true }
            if retention.goneAfterEnd {
                if !seenOver { result.record(.noLostJob, .unknown) }
                continue
            }
            let kept = "the profile's retention keeps it readable"
            let last = reads.last { $0.precedes(op) } ?? firstRead
            return fail(.noLostJob, history, "\(op.kind.rawValue) \(op.ref) was answered \(op.httpStatus) (no such job), but read \(last.ref) had shown the job \"\(last.observation?.status ?? "")\" and \(kept)\(cancelBefore ? " after a cancel" : "")",
                        [last, op], into: &result)
        }
        // Judged when the job was read again after it was first seen over (the settle reads), or answered gone.
        let over = reads.first { $0.observation?.state?.isTerminal == true }
        if !gone.isEmpty || (over.map { o in reads.contains { o.precedes($0) } } ?? false) {
            result.record(.noLostJob, .pass)
        }
    }
}
