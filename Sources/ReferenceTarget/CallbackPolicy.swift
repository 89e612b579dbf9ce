/// How the beatra target sends completion callbacks: bounds that keep one bad receiver from holding up,
/// or filling the queue for, every other one.
public struct CallbackPolicy: Sendable, Equatable {
    /// Most deliveries held at once (waiting, backing off or in flight); a new one beyond it is dropped and
    /// counted. Default 10,000.
    public var maxPending: Int
    /// Most attempts in flight at once over all receivers (one socket each). Default 64.
    public var maxInFlight: Int
    /// Most attempts in flight at once to one receiver (one port), so a receiver that never answers holds
    /// only these slots and the others go round-robin to everyone else. Default 8.
    public var maxInFlightPerReceiver: Int
    /// Time one attempt may take in all, connect, send and reading the status line, in nanoseconds. Default 1 s.
    public var attemptTimeout: Int64
    /// Attempts after the first failed one. Default 3.
    public var retries: Int
    /// Wait before the first retry, doubled before each next one, in nanoseconds; no worker waits it out.
    /// Default 50 ms.
    public var firstBackoff: Int64
    /// Consecutive unreachable attempts (no HTTP answer) after which a receiver's circuit opens: its
    /// deliveries fail at once, without an attempt, until `breakerCooldown` has passed and one probe
    /// succeeds. Default 8.
    public var breakerThreshold: Int
    /// How long an open circuit stays open before a probe, in nanoseconds. Default 2 s.
    public var breakerCooldown: Int64

    public init(maxPending: Int = 10_000, maxInFlight: Int = 64, maxInFlightPerReceiver: Int = 8,
                attemptTimeout: Int64 = 1_000_000_000, retries: Int = 3, firstBackoff: Int64 = 50_000_000,
                breakerThreshold: Int = 8, breakerCooldown: Int64 = 2_000_000_000) {
        precondition(maxPending >= 1 && maxInFlight >= 1 && maxInFlightPerReceiver >= 1 && retries >= 0
                     && attemptTimeout > 0 && firstBackoff >= 0 && breakerThreshold >= 1 && breakerCooldown >= 0,
                     "CallbackPolicy bounds must be positive")
        self.maxPending = maxPending
        self.maxInFlight = maxInFlight
        self.maxInFlightPerReceiver = maxInFlightPerReceiver
        self.attemptTimeout = attemptTimeout
        self.retries = retries
        self.firstBackoff = firstBackoff
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
    }

    /// The wait before retry number `retry` (1-based), in nanoseconds.
    func backoff(beforeRetry retry: Int) -> Int64 {
        firstBackoff << Int64(min(max(retry - 1, 0), 20))
    }
}
