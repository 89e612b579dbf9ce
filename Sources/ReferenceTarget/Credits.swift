/// beatra billing for one task at one instant, in integer millionths of a credit.
///
/// Charged at start for the whole run time; on a cancel that stops a running task, the unused part is
/// refunded once, when it becomes cancelled. A terminal snapshot is frozen, so billing is too.
struct Credits: Equatable, Sendable {
    /// Credits charged so far (micro-credits).
    let charged: Int64
    /// Credits refunded so far (micro-credits); at most `charged`, only on a cancelled task (unless the
    /// `double-refund` fault applied the refund more than once).
    let refunded: Int64
    /// Credits consumed by the run time elapsed so far (micro-credits); equals charged − refunded once terminal.
    let used: Int64

    /// USD per credit, for the `*_usd_reference` fields.
    static let usdMicrosPerCredit: Int64 = 10_000  // 1 credit = 0.01 USD.

    /// The billing of `snapshot` at `creditsPerSecond`.
    init(_ snapshot: JobSnapshot, creditsPerSecond: Double) {
        guard snapshot.startedAt != nil else { charged = 0; refunded = 0; used = 0; return }
        // runTime ns × credits/s ÷ 1e9 s/ns × 1e6 micro = runTime × cps ÷ 1000.
        let full = Int64((Double(snapshot.runTime) * max(0, creditsPerSecond) / 1000).rounded())
        charged = full
        // Usage follows the reported run time (which only a planted fault makes differ from the true one);
        // the refund follows the work actually done.
        used = Credits.consumed(full, elapsed: snapshot.reportedElapsed ?? snapshot.elapsed, runTime: snapshot.runTime)
        let consumed = Credits.consumed(full, elapsed: snapshot.elapsed, runTime: snapshot.runTime)
        refunded = snapshot.outcome == .cancelled ? (full - consumed) &* snapshot.refunds : 0
    }

    /// The part of `full` consumed after `elapsed` of `runTime` (nanoseconds), in micro-credits.
    private static func consumed(_ full: Int64, elapsed: Int64, runTime: Int64) -> Int64 {
        guard runTime > 0, elapsed < runTime else { return full }
        let product = full.multipliedFullWidth(by: elapsed)
        return runTime.dividingFullWidth(product).quotient
    }

    /// Micro-credits converted to micro-USD for the reference fields.
    static func usdMicros(_ credits: Int64) -> Int64 {
        let product = credits.multipliedFullWidth(by: usdMicrosPerCredit)
        return Int64(1_000_000).dividingFullWidth(product).quotient
    }
}
