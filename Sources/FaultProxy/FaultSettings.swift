/// What the proxy does to the traffic it carries: static faults, fixed for its whole life.
public struct FaultSettings: Sendable, Equatable {
    /// A partition: no connection reaches the upstream.
    public enum Partition: String, Sendable, Equatable {
        /// Accepted, read and discarded, never answered: the client hangs until its own timeout.
        case blackhole
        /// Accepted and reset at once: the client sees a connection error.
        case refuse
    }

    /// Added before each chunk forwarded from the upstream to the client, in nanoseconds; 0 for none.
    public var latencyNanoseconds: UInt64 = 0
    /// Per connection, the chance that its first response chunk is dropped and the client reset (the server
    /// acted, the client never hears it).
    public var resetProbability: Double = 0
    /// A partition instead of forwarding; nil to forward.
    public var partition: Partition?
    /// Seeds the per-connection dice, so the same seed draws the same faults for the same connection numbers.
    public var seed: UInt64 = 0
    /// Connections open at once; one more is accepted and reset at once (counted apart).
    public var maxConnections = 4096

    public init(latencyNanoseconds: UInt64 = 0, resetProbability: Double = 0, partition: Partition? = nil,
                seed: UInt64 = 0, maxConnections: Int = 4096) {
        self.latencyNanoseconds = latencyNanoseconds
        self.resetProbability = resetProbability
        self.partition = partition
        self.seed = seed
        self.maxConnections = maxConnections
    }
}

/// The dice of one connection: SplitMix64 seeded by the proxy's seed and the connection's number, so what a
/// connection draws depends only on (seed, number), never on how threads interleave.
struct ConnectionDice {
    private var state: UInt64

    init(seed: UInt64, connection: UInt64) {
        state = seed ^ ConnectionDice.mix(connection &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        guard p < 1 else { return true }
        state &+= 0x9E37_79B9_7F4A_7C15
        return Double(ConnectionDice.mix(state) >> 11) * 0x1.0p-53 < p
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What the proxy carried and broke, read at any time and printed on stop.
public struct FaultProxyStats: Sendable, Equatable {
    /// Client connections accepted (all of them, faulted or not).
    public var connections = 0
    /// Accepted beyond the connection cap and reset at once.
    public var overCap = 0
    /// Bytes forwarded from clients to the upstream.
    public var bytesUp = 0
    /// Bytes forwarded from the upstream to clients.
    public var bytesDown = 0
    /// Connections reset after their first response bytes arrived (dropped unsent).
    public var resets = 0
    /// Connections reset at once by --refuse.
    public var refused = 0
    /// Connections held unanswered by --blackhole.
    public var blackholed = 0
    /// Chunks held back by --latency.
    public var delayedChunks = 0
    /// Connections reset because the upstream could not be reached.
    public var upstreamFailures = 0

    public init() {}
}
