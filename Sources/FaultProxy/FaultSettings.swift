/// What the proxy does to the traffic it carries when it starts. The seed and the connection cap are fixed for its
/// whole life; the faults themselves are only the first `LiveFaults`, which `FaultProxy.set(_:)` changes.
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
    /// Per answer, the chance that its first chunk is dropped and the client reset (the server acted, the client
    /// never hears it). On a connection that carries one request, that is once per connection.
    public var resetProbability: Double = 0
    /// A partition instead of forwarding; nil to forward.
    public var partition: Partition?
    /// Seeds the dice, so the same seed draws the same faults for the same connection and answer numbers.
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
/// connection draws depends only on (seed, number), never on how threads interleave. The n-th call of `chance`
/// with a probability strictly between 0 and 1 rolls what `roll(seed:connection:response:)` rolls for answer n.
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

    /// The roll, in [0, 1), of answer `response` (1 for the first) on connection `connection`: a pure function
    /// of the three numbers, so a run's resets are reproducible whatever the probability was when each was drawn.
    static func roll(seed: UInt64, connection: UInt64, response: UInt64) -> Double {
        let start = seed ^ mix(connection &+ 0x9E37_79B9_7F4A_7C15)
        return Double(mix(start &+ response &* 0x9E37_79B9_7F4A_7C15) >> 11) * 0x1.0p-53
    }

    /// Whether answer `response` on `connection` is reset with probability `p`.
    static func resets(seed: UInt64, connection: UInt64, response: UInt64, probability p: Double) -> Bool {
        guard p > 0 else { return false }
        guard p < 1 else { return true }
        return roll(seed: seed, connection: connection, response: response) < p
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
