/// How a job's life ends, in canonical terms (Pika's `moderated` kept apart because its body differs).
enum JobOutcome: UInt8, Sendable {
    case succeeded, failed, moderated, cancelled
}

/// How a cancel of a running job takes effect.
enum CancelMode: Sendable {
    /// Pika, PraisonAI and OGC API – Processes: the job is cancelled at the instant of the request.
    case immediate
    /// beatra: the job keeps running and stops `stopDelay` later, unless it finishes first.
    case bestEffort
}

/// One simulated job: everything needed to compute its state at any instant, in 72 bytes plus `request`.
///
/// Nothing ticks: the state at time t is a pure function of these fields, so there are no timers and a
/// terminal state can never change (every mutation below refuses to touch a job whose `endAt` has passed; an OGC
/// dismiss of a finished job only hides it, and only the planted `cancel-reverts` fault rewrites an outcome).
struct SimulatedJob: Sendable {
    /// Submission instant, on the target's monotonic clock (nanoseconds).
    let createdAt: Int64
    /// Instant it leaves the queue and starts running (nanoseconds).
    let startAt: Int64
    /// Simulated run time from start to natural finish (nanoseconds).
    let runTime: Int64
    /// beatra: time from a cancel request to the task actually stopping (nanoseconds).
    let stopDelay: Int64
    /// Instant the job becomes terminal (nanoseconds); moved earlier by a cancel that takes effect.
    private(set) var endAt: Int64
    /// Instant of the first accepted cancel request, or `Int64.min` when none was made while it was live.
    private(set) var cancelRequestedAt: Int64 = .min
    /// The terminal state reached at `endAt`.
    private(set) var outcome: JobOutcome
    /// Refunds applied beyond the one a cancel earns: only the `double-refund` fault makes this nonzero.
    private(set) var extraRefunds: UInt8 = 0
    /// Milliseconds (30...60) after the cancel took effect at which a cancelled job reads succeeded, or 0 (never):
    /// only the `cancel-reverts` fault sets it. Kept next to the other one-byte fields so it costs no space.
    private(set) var revertDelayMs: UInt8 = 0
    /// OGC API – Processes: the execute request asked `"response": "document"`, so the results are a results
    /// document rather than the raw output. Another byte of padding.
    let documentResults: Bool
    /// Fault opportunities (reads and cancels) this job has had, for the fault dice; 0 when no fault is set.
    /// Declared next to the one-byte fields so it fits in their padding.
    var faultOpportunities: UInt32 = 0
    /// The completion instant reported instead of `endAt`, or `Int64.min`: only `non-idempotent-cancel` sets it,
    /// so a repeated cancel shows a new completion time without moving the instant the work stopped.
    private(set) var reportedEndAt: Int64 = .min
    /// Instant an OGC dismiss removed the job (nanoseconds): reads at or after it find no such job. `Int64.max`
    /// while the job exists; no other dialect removes jobs (they only forget them after the retention period).
    private(set) var dismissedAt: Int64 = .max
    /// What the client submitted (beatra only; shared default otherwise), immutable once stored.
    let request: TaskRequest

    /// Draws a job's durations and outcome from the seeded generator; the order of draws is fixed so the
    /// same (seed, sequence) always yields the same job regardless of dialect.
    init(createdAt: Int64, config: TargetConfig, sequence: UInt64, request: TaskRequest = .empty,
         documentResults: Bool = false) {
        var rng = SplitMix64(seed: config.seed, stream: sequence)
        let queueDelay = config.queueDelay.sample(&rng)
        let runTime = config.runTime.sample(&rng)
        let stopDelay = config.stopDelay.sample(&rng)
        let outcomeDraw = rng.nextUnit()
        let outcome: JobOutcome
        if outcomeDraw < config.failureRate {
            outcome = .failed
        } else if config.dialect == .pika && outcomeDraw < config.failureRate + config.moderationRate {
            outcome = .moderated
        } else {
            outcome = .succeeded
        }
        self.init(createdAt: createdAt, startAt: createdAt &+ queueDelay, runTime: runTime, stopDelay: stopDelay,
                  outcome: outcome, request: request, documentResults: documentResults)
    }

    /// A job with the plan already drawn (a store replays the plan it wrote, whatever the settings now).
    init(createdAt: Int64, startAt: Int64, runTime: Int64, stopDelay: Int64, outcome: JobOutcome,
         request: TaskRequest, documentResults: Bool) {
        self.createdAt = createdAt
        self.startAt = startAt
        self.runTime = runTime
        self.stopDelay = stopDelay
        self.endAt = startAt &+ runTime
        self.outcome = outcome
        self.request = request
        self.documentResults = documentResults
    }

    /// What requests have changed so far, as a store records it.
    var changes: JobChanges {
        JobChanges(endAt: endAt, cancelRequestedAt: cancelRequestedAt, outcome: outcome, extraRefunds: extraRefunds,
                   revertDelayMs: revertDelayMs, reportedEndAt: reportedEndAt, dismissedAt: dismissedAt)
    }

    /// Puts back changes a store recorded (replay only).
    mutating func restore(_ changes: JobChanges) {
        (endAt, cancelRequestedAt, outcome) = (changes.endAt, changes.cancelRequestedAt, changes.outcome)
        (extraRefunds, revertDelayMs) = (changes.extraRefunds, changes.revertDelayMs)
        (reportedEndAt, dismissedAt) = (changes.reportedEndAt, changes.dismissedAt)
    }

    /// The instant it would finish if nobody cancelled it.
    var naturalEndAt: Int64 { startAt &+ runTime }

    /// True once the job is terminal at `now`.
    func isTerminal(at now: Int64) -> Bool { now >= endAt }

    /// True when a cancel request was accepted while the job was live.
    var hasCancelRequest: Bool { cancelRequestedAt != .min }

    /// Applies a cancel request made at `now`; returns false (and changes nothing) when it is already
    /// terminal or, for best-effort cancels, already has a pending request.
    @discardableResult
    mutating func requestCancel(at now: Int64, mode: CancelMode) -> Bool {
        guard now < endAt, !hasCancelRequest else { return false }
        cancelRequestedAt = now
        if now < startAt || mode == .immediate {
            endAt = now
            outcome = .cancelled
        } else if now &+ stopDelay < naturalEndAt {
            // Stops before its natural finish: cancelled when the stop completes.
            endAt = now &+ stopDelay
            outcome = .cancelled
        }
        // Otherwise it finishes first and keeps its natural outcome (no refund).
        return true
    }

    /// The job as seen at `now`; `now` may lie in the past (a stale read), so later events are hidden.
    func snapshot(at now: Int64) -> JobSnapshot {
        let reverted = hasReverted(at: now)
        let phase: JobSnapshot.Phase
        if now >= endAt {
            phase = .terminal(reverted ? .succeeded : outcome)
        } else if now < startAt {
            phase = .queued
        } else {
            phase = .running
        }
        let started = min(now, endAt) >= startAt
        let ranUntil = started ? min(now, endAt, naturalEndAt) : startAt
        let endedAt = now >= endAt ? (reportedEndAt != .min && reportedEndAt <= now ? reportedEndAt : endAt) : nil
        return JobSnapshot(phase: phase, now: now, createdAt: createdAt,
                           startedAt: started ? startAt : nil,
                           endedAt: endedAt,
                           cancelRequestedAt: hasCancelRequest && cancelRequestedAt <= now ? cancelRequestedAt : nil,
                           elapsed: max(0, ranUntil &- startAt), runTime: runTime,
                           refunds: 1 &+ Int64(extraRefunds),
                           gone: now >= dismissedAt && !reverted)
    }

    /// True when the `cancel-reverts` fault has turned this cancelled job into a succeeded one by `now`.
    private func hasReverted(at now: Int64) -> Bool {
        revertDelayMs != 0 && outcome == .cancelled && now >= endAt && now &- endAt >= Int64(revertDelayMs) &* 1_000_000
    }

    /// OGC dismiss at `now` (OGC 18-062r2 clause 13, "Dismiss can be seen as cancelling a running job or removing
    /// artifacts of a finished job"): a live job is cancelled at once, and the job, live or finished, is removed.
    /// Returns the state it was dismissed in, or nil (and changes nothing) when it was already removed.
    mutating func dismiss(at now: Int64) -> JobSnapshot? {
        guard !snapshot(at: now).gone else { return nil }
        if now < endAt { requestCancel(at: now, mode: .immediate) }
        let answer = snapshot(at: now)
        markDismissed(at: now)
        return answer
    }

    /// Removes the job from view at `now`. A job that `cancel-reverts` brought back is removed for good: the
    /// revert is forgotten, so it is gone again from its first dismissal on.
    mutating func markDismissed(at now: Int64) {
        if hasReverted(at: now) { revertDelayMs = 0 }
        dismissedAt = min(dismissedAt, now)
    }

    // MARK: Mutations only planted faults make (decided in SimulatedJob+Faults.swift).

    /// `stuck-cancel`: records a cancel request at `now` on a running job that will then never stop.
    mutating func requestCancelThatNeverStops(at now: Int64) {
        cancelRequestedAt = now
        endAt = .max
    }

    /// `non-idempotent-cancel`: a repeated cancel at `now` overwrites the first request's instant and, on a job
    /// already cancelled, its reported completion; the work itself stopped when it stopped.
    mutating func repeatCancel(at now: Int64) {
        cancelRequestedAt = now
        if now >= endAt && outcome == .cancelled { reportedEndAt = now }
    }

    /// `cancel-reverts`: a job just cancelled will read succeeded `delayMs` (30...60) after the cancel took effect.
    mutating func revertCancel(afterMs delayMs: UInt8) {
        guard outcome == .cancelled, endAt != .max else { return }
        revertDelayMs = delayMs
    }

    /// `double-refund`: applies the cancel refund once more (saturating, so it never wraps to zero).
    mutating func addRefund() {
        if extraRefunds < .max { extraRefunds += 1 }
    }
}
