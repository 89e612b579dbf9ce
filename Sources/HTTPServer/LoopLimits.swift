/// `ConnectionLimits` as one event loop applies them: timeouts in nanoseconds and the server's shared budget.
struct LoopLimits {
    /// Silence allowed on a connection, in nanoseconds.
    let idleTimeout: Int64
    /// Time allowed for a whole request from its first byte, in nanoseconds.
    let headerTimeout: Int64
    /// The server-wide connection cap.
    let budget: ConnectionBudget

    init(_ limits: ConnectionLimits, budget: ConnectionBudget) {
        idleTimeout = limits.idleTimeout.clampedNanoseconds
        headerTimeout = limits.headerTimeout.clampedNanoseconds
        self.budget = budget
    }

    /// Time between sweeps for timeouts, in nanoseconds: a few per shortest timeout so none is overshot by
    /// much, but at most one a second and at least 10 ms apart, as each sweep looks at every connection.
    var sweepInterval: Int64 {
        max(10_000_000, min(1_000_000_000, min(idleTimeout, headerTimeout) / 4))
    }
}
