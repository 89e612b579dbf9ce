/// beatra billing for one task at one instant, in integer millionths of a credit.
///
/// Charged at start for the whole run time; on a cancel that stops a running task, the unused part is
/// refunded once, when it becomes cancelled. A terminal snapshot is frozen, so billing is too.
struct Credits: Equatable, Sendable {
    /// Credits charged so far (micro-credits).
    let charged: Int64
    /// Credits refunded so far (micro-credits); at most `charged`, only on a cancelled task.
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
        let consumed: Int64
        if snapshot.runTime <= 0 || snapshot.elapsed >= snapshot.runTime {
            consumed = full
        } else {
            let product = full.multipliedFullWidth(by: snapshot.elapsed)
            consumed = snapshot.runTime.dividingFullWidth(product).quotient
        }
        charged = full
        used = consumed
        refunded = snapshot.outcome == .cancelled ? full - consumed : 0
    }

    /// Micro-credits converted to micro-USD for the reference fields.
    static func usdMicros(_ credits: Int64) -> Int64 {
        let product = credits.multipliedFullWidth(by: usdMicrosPerCredit)
        return Int64(1_000_000).dividingFullWidth(product).quotient
    }
}
