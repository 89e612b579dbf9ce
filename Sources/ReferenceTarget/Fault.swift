/// A bug the reference target can plant on purpose, so the harness can prove its checker catches it.
///
/// Each fault fires independently, with the probability given in `TargetConfig.faults`, at each of its
/// opportunities (a cancel, a read, a replayed key, a request, a callback delivery); the draw is seeded, so a
/// run is reproducible given the same request order. On a dialect outside `dialects` a fault does nothing.
/// The raw values are the names `--fault NAME[=probability]` takes.
public enum Fault: String, CaseIterable, Sendable {
    /// beatra. A task cancelled while running (so it has a refund) that gets another cancel has its refund
    /// applied again: `billing.refunded_credits` grows with each extra cancel and may exceed the charge.
    /// Breaks invariant 6 (no double refund).
    case doubleRefund = "double-refund"
    /// All dialects. A cancel of a queued or running job is answered exactly as a successful one (Pika and
    /// PraisonAI 200 `cancelled`; beatra `cancelled` when queued, `cancel_requested_at` set when running; OGC
    /// 200 `dismissed`) but has no effect: the job runs on (on OGC it stays readable instead of answering 404)
    /// and later succeeds or fails as drawn. Breaks invariant 3.
    case lostCancel = "lost-cancel"
    /// All dialects. A read of a terminal job reports it live again (Pika `progress`, others `running`, no
    /// completion timestamps). On OGC only successful and failed jobs can be read: a dismissed job is gone (404)
    /// and stays so. Breaks invariant 1 (terminal stays terminal).
    case resurrect
    /// Pika, beatra and PraisonAI. A cancel of a job that already succeeded or failed answers 200 `cancelled`
    /// (PraisonAI: 200 instead of 400) while the stored state stays as it was. Breaks invariant 4. Not on OGC
    /// API – Processes, where dismissing a finished job is legal and answers 200 `dismissed` anyway (OGC 18-062r2
    /// clause 13, /req/dismiss/job-dismiss-success), so there is no wrong answer to plant.
    case cancelCompleted200 = "cancel-completed-200"
    /// beatra and PraisonAI. A cancel of a job already cancelled or cancel-requested executes again: beatra
    /// stores a new `cancel_requested_at` (and a new `completed_at` when already cancelled), PraisonAI answers
    /// 200 with a new `cancelled_at` instead of 400. Breaks invariants 5 and 4.
    case nonIdempotentCancel = "non-idempotent-cancel"
    /// beatra. A request whose Idempotency-Key was seen with the same payload executes again instead of
    /// replaying: a submit creates a second task, a cancel runs again (with a new `cancel_requested_at` when
    /// the task already had one). Breaks invariant 7.
    case idempotencyReplayExecutes = "idempotency-replay-executes"
    /// All dialects. A read returns the job as it was 50–300 ms earlier, so a read after a terminal one can
    /// show it running (or a cancelled job uncancelled; on OGC a job dismissed less than that long ago is still
    /// found). Breaks invariant 1, or 3.
    case staleRead = "stale-read"
    /// beatra, PraisonAI and OGC API – Processes (the dialects that report a progress percent). A read of a
    /// running job reports 1/8 to 1/2 of its true progress percent (beatra's usage too), so progress jumps down.
    /// Breaks invariant 2.
    case progressRegress = "progress-regress"
    /// beatra. A task cancelled while running reports `usage.credits` and `progress.percent` rising on later
    /// reads, as if the worker never stopped, while its status stays `cancelled`. Breaks invariant 9.
    case workAfterCancel = "work-after-cancel"
    /// beatra. A running task that gets a cancel request stays `running` with `cancel_requested_at` set
    /// forever. Breaks invariant 10 (bounded cancellation).
    case stuckCancel = "stuck-cancel"
    /// beatra. The completion callback is delivered twice. Breaks the callback exactly-once check.
    case duplicateCallback = "duplicate-callback"
    /// All dialects. A job whose cancel took effect reads cancelled at first (for at least 30 ms), then, from
    /// 30–60 ms after the cancel took effect, reads succeeded (Pika `completed`,
    /// beatra and PraisonAI `succeeded`, OGC `successful`) with its progress frozen where the cancel stopped it,
    /// as when a late write from a worker that never heard of the cancel overwrites the record. On OGC the
    /// dismissed job, gone (404) at first, is found again, `successful`. Breaks invariant 1 (terminal stays
    /// terminal) and 3 (an acknowledged cancel sticks); on beatra a task cancelled while running also loses its
    /// refund (a succeeded task has none), which invariant 6 reports. Only a client that keeps reading after its
    /// first terminal read sees any of it.
    case cancelReverts = "cancel-reverts"
    /// Noise, all dialects. Answers 500 or 503 with a small JSON body, half the time before executing the
    /// request and half after, so the client cannot know whether it took effect. Breaks nothing.
    case error5xx = "error-5xx"
    /// Noise, all dialects. Closes the connection without an answer, half before executing and half after.
    /// Breaks nothing.
    case dropConnection = "drop-connection"
    /// Noise, all dialects. Answers correctly but 50–250 ms late. Breaks nothing.
    case slow

    /// The dialects on which this fault has an effect.
    public var dialects: Set<Dialect> {
        switch self {
        case .doubleRefund, .idempotencyReplayExecutes, .workAfterCancel, .stuckCancel, .duplicateCallback:
            return [.beatra]
        case .nonIdempotentCancel:
            return [.beatra, .praison]
        case .progressRegress:
            return [.beatra, .praison, .ogcProcesses]
        case .cancelCompleted200:
            return [.pika, .beatra, .praison]
        case .lostCancel, .resurrect, .staleRead, .cancelReverts, .error5xx, .dropConnection, .slow:
            return Set(Dialect.allCases)
        }
    }

    /// True for faults that only make answers indeterminate or late: a correct checker reports no violation.
    public var isNoise: Bool {
        switch self {
        case .error5xx, .dropConnection, .slow: return true
        default: return false
        }
    }
}
