/// The invariants of DESIGN.md, numbered as there.
public enum Invariant: Int, CaseIterable, Sendable, Comparable {
    /// 1. After an ok read shows a terminal state, no later read shows another state.
    case terminalStaysTerminal = 1
    /// 2. Only legal lifecycle transitions; progress never goes down.
    case legalTransitions = 2
    /// 3. A cancel answered "cancelled" is never followed by a read showing another terminal state.
    case acknowledgedCancelSticks = 3
    /// 4. A cancel of a job already seen terminal is answered as the contract says (status, state, billing).
    case cancelOfFinishedJob = 4
    /// 5. Duplicate cancels converge: one transition, one cancel_requested_at.
    case duplicateCancelsConverge = 5
    /// 6. Refunded ≤ charged, a refund happens at most once, never on a succeeded job.
    case noDoubleRefund = 6
    /// 7. An Idempotency-Key replay returns the stored response and never causes two effects.
    case idempotencyKey = 7
    /// 8. Bad input gets the documented error: unknown id 404, missing id 400, documented bodies, never 5xx.
    case errorContract = 8
    /// 9. Usage and progress are frozen once a job is cancelled.
    case noWorkAfterCancel = 9
    /// 10. A cancel-requested job reaches a terminal state within a deadline.
    case boundedCancellation = 10
    /// 11. (Beyond DESIGN.md's ten.) Where the API delivers completion callbacks, each terminal job's
    /// callback arrives exactly once, showing the job's final state.
    case callbackExactlyOnce = 11
    /// 12. No lost job: a job once read is still there (not answered "gone") within the contract's retention.
    case noLostJob = 12
    /// 13. Recovery: after a nemesis fault window closes, the API answers again within the recovery timeout.
    case recovery = 13
    /// 14. (Beyond DESIGN.md's thirteen.) A cancel of the job that was refused (a 4xx, or an answer the contract
    /// calls refused) takes no effect: with no other cancel accepted, the job never reads cancelled afterwards.
    case refusedCancelChangesNothing = 14

    /// A stable kebab-case name, used in files and thresholds.
    public var name: String {
        switch self {
        case .terminalStaysTerminal: return "terminal-stays-terminal"
        case .legalTransitions: return "legal-transitions"
        case .acknowledgedCancelSticks: return "acknowledged-cancel-sticks"
        case .cancelOfFinishedJob: return "cancel-of-finished-job"
        case .duplicateCancelsConverge: return "duplicate-cancels-converge"
        case .noDoubleRefund: return "no-double-refund"
        case .idempotencyKey: return "idempotency-key"
        case .errorContract: return "error-contract"
        case .noWorkAfterCancel: return "no-work-after-cancel"
        case .boundedCancellation: return "bounded-cancellation"
        case .callbackExactlyOnce: return "callback-exactly-once"
        case .noLostJob: return "no-lost-job"
        case .recovery: return "recovery"
        case .refusedCancelChangesNothing: return "refused-cancel-changes-nothing"
        }
    }

    public static func < (a: Invariant, b: Invariant) -> Bool { a.rawValue < b.rawValue }
}

/// A verdict on an invariant: merged fail > unknown > pass, as Jepsen's checkers do.
public enum Verdict: Int, Sendable, Comparable, CustomStringConvertible {
    case pass = 0
    /// The history cannot decide (an indeterminate operation hides the answer).
    case unknown = 1
    case fail = 2

    public static func < (a: Verdict, b: Verdict) -> Bool { a.rawValue < b.rawValue }

    /// The merge of two verdicts: the worse one.
    public func merged(with other: Verdict) -> Verdict { max(self, other) }

    public var description: String {
        switch self {
        case .pass: return "pass"
        case .unknown: return "unknown"
        case .fail: return "fail"
        }
    }
}

/// A broken invariant on one job, with the exchanges that prove it.
public struct Violation: Sendable {
    public var invariant: Invariant
    /// The job's sequence number in the run.
    public var job: Int
    public var jobId: String?
    /// What happened, in one sentence that names the exchanges by their `seq`.
    public var message: String
    /// The operations that prove it, in invoke order.
    public var evidence: [Operation]
}
