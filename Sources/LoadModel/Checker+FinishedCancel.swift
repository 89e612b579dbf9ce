/// Invariant 4: a cancel of a job already seen terminal is answered as the contract says.
extension Checker {
    /// 4. For each cancel that began after an ok read proved the job terminal: the status is one the contract
    /// allows; a 2xx answer shows the same final status (when the contract says so) and the same billing (when
    /// it says so). And a cancel refused as "already terminal" is never followed by a read showing the job
    /// still queued or running. An indeterminate answer (timeout, 5xx) makes the verdict unknown.
    func checkCancelOfFinished(_ history: JobHistory, reads: [Operation], into result: inout JobCheck) {
        let rule = profile.contract.cancelTerminal
        let cancels = history.cancels
        for cancel in cancels {
            // The job was seen gone before this cancel began: the contract's "gone" answer is the right one.
            if let gone = history.operations.first(where: { profile.saysGone($0) && $0.precedes(cancel) }) {
                if cancel.outcome == .info { result.record(.cancelOfFinishedJob, .unknown); continue }
                if cancel.httpStatus == profile.retention.status { result.record(.cancelOfFinishedJob, .pass); continue }
                fail(.cancelOfFinishedJob, history, "cancel \(cancel.ref) of a job already answered gone at \(gone.ref) was answered \(cancel.httpStatus); the contract says \(profile.retention.status)",
                     [gone, cancel], into: &result)
                continue
            }
            // Another cancel, accepted (or indeterminate) before this one ended, may have removed the job where the
            // retention lets a cancelled job go: its "gone" answer is then right too.
            if profile.retention.goneAfterCancel, cancel.httpStatus == profile.retention.status,
               cancels.contains(where: { $0.seq != cancel.seq && $0.outcome != .fail && $0.invoke < cancel.complete }) {
                result.record(.cancelOfFinishedJob, .pass)
                continue
            }
            // A finished job may be removed at any moment where `afterEnd` is `gone`: a cancel after a read showed it
            // over, answered "gone", is what the contract allows.
            if profile.retention.goneAfterEnd, cancel.httpStatus == profile.retention.status,
               reads.contains(where: { $0.precedes(cancel) && $0.observation?.state?.isTerminal == true }) {
                result.record(.cancelOfFinishedJob, .pass)
                continue
            }
            if let refused = refusedAsTerminal(cancel, rule: rule),
               let later = reads.first(where: { cancel.precedes($0) && $0.observation?.state?.isTerminal == false }) {
                fail(.cancelOfFinishedJob, history, "cancel \(cancel.ref) was refused with \(refused) as already terminal, then read \(later.ref) showed \"\(later.observation?.status ?? "")\"",
                     [cancel, later], into: &result)
                continue
            }
            guard let proof = reads.last(where: { $0.observation?.state?.isTerminal == true && $0.precedes(cancel) }),
                  let final = proof.observation else { continue }
            if cancel.outcome == .info {
                result.record(.cancelOfFinishedJob, .unknown)
                continue
            }
            guard rule.status.accepts(cancel.httpStatus) else {
                fail(.cancelOfFinishedJob, history, "cancel \(cancel.ref) of a job read \"\(final.status ?? "")\" at \(proof.ref) was answered \(cancel.httpStatus); the contract says \(rule.status)",
                     [proof, cancel], into: &result)
                continue
            }
            guard cancel.outcome == .ok else { result.record(.cancelOfFinishedJob, .pass); continue }
            guard let answer = cancel.observation else {
                // A 2xx without a readable job document: nothing the contract lets us compare.
                result.record(.cancelOfFinishedJob, rule.sameState || rule.sameBilling ? .unknown : .pass)
                continue
            }
            if rule.sameState, answer.status != final.status {
                fail(.cancelOfFinishedJob, history, "cancel \(cancel.ref) of a job read \"\(final.status ?? "")\" at \(proof.ref) answered status \"\(answer.status ?? "none")\"; the contract says the final state is returned unchanged",
                     [proof, cancel], into: &result)
            } else if rule.sameBilling, !sameBilling(answer, final) {
                fail(.cancelOfFinishedJob, history, "cancel \(cancel.ref) of a finished job changed billing: charged \(fmt(final.charged)) → \(fmt(answer.charged)), refunded \(fmt(final.refunded)) → \(fmt(answer.refunded)) (read \(proof.ref))",
                     [proof, cancel], into: &result)
            } else {
                result.record(.cancelOfFinishedJob, .pass)
            }
        }
    }

    /// The status of a cancel refused the way the contract refuses a finished job, or nil.
    private func refusedAsTerminal(_ cancel: Operation, rule: TerminalCancelRule) -> Int? {
        guard cancel.outcome == .fail, case .oneOf(let codes) = rule.status, codes.contains(cancel.httpStatus) else { return nil }
        return cancel.httpStatus
    }


    private func sameBilling(_ a: Observation, _ b: Observation) -> Bool {
        approximatelyEqual(a.charged, b.charged) && approximatelyEqual(a.refunded, b.refunded)
    }
}

/// Two optional credit amounts are equal within rounding (APIs send decimal strings).
func approximatelyEqual(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    default: return false
    }
}

/// A credit amount for messages.
func fmt(_ d: Double?) -> String { d.map { JSONText.number($0) } ?? "none" }
