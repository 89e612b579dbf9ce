/// Counters of the beatra target's completion callbacks since it started.
public struct CallbackStats: Sendable, Equatable {
    /// Deliveries held now: waiting, backing off or in flight.
    public var pending = 0
    /// Deliveries a receiver acknowledged with a 2xx.
    public var delivered = 0
    /// Deliveries given up on: every attempt failed, or the receiver's circuit was open (see `skipped`).
    public var failed = 0
    /// Deliveries never queued because `CallbackPolicy.maxPending` were already held.
    public var dropped = 0
    /// Of `failed`, those given up without their next attempt because their receiver's circuit was open
    /// (a retry among them may have had earlier attempts).
    public var skipped = 0
    /// Connection attempts made, retries included.
    public var attempts = 0
    /// Attempts that ran out of `CallbackPolicy.attemptTimeout`.
    public var timeouts = 0

    public init() {}
}
