/// Where planted faults bend a job's reads and cancels (see `Fault`); the store calls these only when some
/// fault is configured, so a correct target never takes these paths.
extension SimulatedJob {
    /// Takes the next opportunity number of this job for the dice.
    private mutating func nextOpportunity() -> UInt64 {
        faultOpportunities &+= 1
        return UInt64(faultOpportunities)
    }

    /// A read at `now` of job `sequence`, bent by the read faults that fire: `stale-read`, `resurrect`,
    /// `progress-regress`, `work-after-cancel` (drawn in that order, each independently).
    mutating func observe(at now: Int64, sequence: UInt64, dice: FaultDice) -> JobSnapshot {
        let opportunity = nextOpportunity()
        func fires(_ fault: Fault) -> Bool { dice.fires(fault, sequence: sequence, opportunity: opportunity) }
        var seen = snapshot(at: now)
        if fires(.staleRead) {
            // The state as it was 50–300 ms ago (never before submission): an out-of-date replica or cache.
            let lag = dice.integer(in: 50_000_000...300_000_000, .staleRead, sequence: sequence,
                                   opportunity: opportunity, salt: 1)
            seen = snapshot(at: max(createdAt, now &- lag))
        }
        // A removed (dismissed) job has nothing to show live: a read of it finds no job at all.
        if seen.isTerminal && !seen.gone && fires(.resurrect) {
            seen = JobSnapshot(phase: .running, now: seen.now, createdAt: seen.createdAt,
                               startedAt: seen.startedAt ?? min(startAt, now), endedAt: nil, cancelRequestedAt: nil,
                               elapsed: seen.elapsed, runTime: seen.runTime, resurrected: true)
        }
        if seen.phase == .running && seen.elapsed > 0 && fires(.progressRegress) {
            // k/8 of the truth, k in 1...4: random, so even when every read regresses, successive reads go down.
            let eighths = dice.integer(in: 1...4, .progressRegress, sequence: sequence, opportunity: opportunity, salt: 1)
            seen.reportedElapsed = seen.elapsed / 8 &* eighths
        }
        if seen.outcome == .cancelled && seen.startedAt != nil && fires(.workAfterCancel) {
            // The worker never stopped: it reports the work it would have done by now.
            seen.reportedElapsed = max(seen.elapsed, min(now, naturalEndAt) &- startAt)
        }
        return seen
    }

    /// A cancel at `now` of job `sequence`, bent by the cancel faults that fire; returns whether the answer
    /// should say the cancel was accepted and the state to render.
    /// - Parameter reexecute: true when a replayed Idempotency-Key executes again (`idempotency-replay-executes`):
    ///   a repeated cancel then behaves as under `non-idempotent-cancel`.
    mutating func faultyCancel(at now: Int64, mode: CancelMode, sequence: UInt64, dice: FaultDice,
                               reexecute: Bool) -> (accepted: Bool, snapshot: JobSnapshot) {
        let opportunity = nextOpportunity()
        func fires(_ fault: Fault) -> Bool { dice.fires(fault, sequence: sequence, opportunity: opportunity) }
        if now < endAt && !hasCancelRequest {
            // A cancel that would take effect.
            if fires(.lostCancel) {
                // Answer from a copy that took the cancel; the stored job never hears of it.
                var answered = self
                answered.requestCancel(at: now, mode: mode)
                return (true, answered.snapshot(at: now))
            }
            if mode == .bestEffort && now >= startAt && fires(.stuckCancel) {
                requestCancelThatNeverStops(at: now)
                return (true, snapshot(at: now))
            }
            let accepted = requestCancel(at: now, mode: mode)
            mayRevert(sequence: sequence, opportunity: opportunity, dice: dice)
            return (accepted, snapshot(at: now))
        }
        // A repeated cancel, or a cancel of a job that finished.
        var accepted = false
        if hasCancelRequest && (now < endAt || outcome == .cancelled) && (reexecute || fires(.nonIdempotentCancel)) {
            repeatCancel(at: now)
            accepted = true
        }
        if outcome == .cancelled && hasCancelRequest && cancelRequestedAt >= startAt && fires(.doubleRefund) {
            addRefund()
        }
        let answer = snapshot(at: now)
        if let outcome = answer.outcome, outcome != .cancelled, fires(.cancelCompleted200) {
            // Relabelled in the answer only: the stored job keeps its outcome.
            return (true, JobSnapshot(phase: .terminal(.cancelled), now: answer.now, createdAt: answer.createdAt,
                                      startedAt: answer.startedAt, endedAt: answer.endedAt,
                                      cancelRequestedAt: answer.cancelRequestedAt, elapsed: answer.elapsed,
                                      runTime: answer.runTime, refunds: answer.refunds))
        }
        return (accepted, answer)
    }

    /// An OGC dismiss at `now` of job `sequence`, bent by the cancel faults that fire (`lost-cancel`,
    /// `cancel-reverts`); returns the state to render as dismissed, or nil when the job was already removed.
    mutating func faultyDismiss(at now: Int64, sequence: UInt64, dice: FaultDice) -> JobSnapshot? {
        guard !snapshot(at: now).gone else { return nil }
        let opportunity = nextOpportunity()
        if now < endAt {
            if dice.fires(.lostCancel, sequence: sequence, opportunity: opportunity) {
                // Answer from a copy that was dismissed; the stored job runs on and stays readable.
                var answered = self
                return answered.dismiss(at: now)
            }
            requestCancel(at: now, mode: .immediate)
            mayRevert(sequence: sequence, opportunity: opportunity, dice: dice)
        }
        let answer = snapshot(at: now)
        markDismissed(at: now)
        return answer
    }

    /// `cancel-reverts`: when the cancel just applied will end the job cancelled, the fault may make it read
    /// succeeded 30–60 ms after it took effect.
    private mutating func mayRevert(sequence: UInt64, opportunity: UInt64, dice: FaultDice) {
        guard outcome == .cancelled, dice.fires(.cancelReverts, sequence: sequence, opportunity: opportunity) else { return }
        let delay = dice.integer(in: 30...60, .cancelReverts, sequence: sequence, opportunity: opportunity, salt: 1)
        revertCancel(afterMs: UInt8(delay))
    }
}
