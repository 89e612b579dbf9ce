/// The part of a simulated job that a request can change after its submission: what a store record keeps
/// beside the job's drawn plan (`serve --store`).
///
/// Instants are on the target's monotonic clock (nanoseconds) with the same sentinels `SimulatedJob` uses, so
/// a job's changes compare cheaply before and after a request and only a real change is written down.
struct JobChanges: Equatable, Sendable {
    /// Instant the job becomes terminal; `Int64.max` for a job that never stops (`stuck-cancel`).
    var endAt: Int64
    /// Instant of the accepted cancel request; `Int64.min` when none.
    var cancelRequestedAt: Int64
    /// The terminal state reached at `endAt`.
    var outcome: JobOutcome
    /// Refunds beyond the one a cancel earns (`double-refund` only).
    var extraRefunds: UInt8
    /// Milliseconds after the cancel at which it reads succeeded, or 0 (`cancel-reverts` only).
    var revertDelayMs: UInt8
    /// The completion instant reported instead of `endAt`; `Int64.min` when none (`non-idempotent-cancel` only).
    var reportedEndAt: Int64
    /// Instant an OGC dismiss removed the job; `Int64.max` while it exists.
    var dismissedAt: Int64
}
