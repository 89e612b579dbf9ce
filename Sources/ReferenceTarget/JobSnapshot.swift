/// A job's state at one instant: an immutable value built under the store's lock, rendered outside it.
struct JobSnapshot: Sendable {
    /// Where the job is in its life.
    enum Phase: Equatable, Sendable {
        case queued
        case running
        case terminal(JobOutcome)
    }

    let phase: Phase
    /// The instant this snapshot describes (monotonic nanoseconds).
    let now: Int64
    /// Submission instant (monotonic nanoseconds).
    let createdAt: Int64
    /// Instant it started running, or nil if it has not (or never will).
    let startedAt: Int64?
    /// Instant it became terminal, or nil while live.
    let endedAt: Int64?
    /// Instant of the accepted cancel request, or nil.
    let cancelRequestedAt: Int64?
    /// Run time consumed so far, frozen once terminal (nanoseconds).
    let elapsed: Int64
    /// Full simulated run time (nanoseconds).
    let runTime: Int64
    /// How many times the cancel refund is applied: 1, more only under the `double-refund` fault.
    var refunds: Int64 = 1
    /// The run time reported in progress and usage instead of `elapsed` (nanoseconds), or nil to report the
    /// truth; only `progress-regress` and `work-after-cancel` set it.
    var reportedElapsed: Int64?
    /// True when a terminal job is shown live by the `resurrect` fault (Pika then says `progress`).
    var resurrected = false
    /// True when an OGC dismiss had removed the job by `now`: the API answers 404 as for an unknown id.
    var gone = false

    /// Progress as an integer percent 0...100; 100 only when the run time was fully consumed.
    var percent: Int64 {
        guard startedAt != nil else { return 0 }
        guard runTime > 0 else { return phase == .running ? 0 : 100 }
        // Full-width arithmetic: elapsed * 100 cannot overflow for any realistic duration, but be exact anyway.
        let (high, low) = min(reportedElapsed ?? elapsed, runTime).multipliedFullWidth(by: 100)
        return runTime.dividingFullWidth((high, low)).quotient
    }

    /// True once terminal.
    var isTerminal: Bool { endedAt != nil }

    /// Outcome when terminal.
    var outcome: JobOutcome? {
        if case .terminal(let outcome) = phase { return outcome }
        return nil
    }
}

extension JobSnapshot.Phase {
    /// The status name beatra and PraisonAI use (both spell the canonical lifecycle); neither has moderation,
    /// so a moderated draw, which only Pika makes, would read as failed.
    var lifecycleName: String {
        switch self {
        case .queued: return "queued"
        case .running: return "running"
        case .terminal(.succeeded): return "succeeded"
        case .terminal(.failed), .terminal(.moderated): return "failed"
        case .terminal(.cancelled): return "cancelled"
        }
    }
}
