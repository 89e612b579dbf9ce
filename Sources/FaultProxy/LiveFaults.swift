/// The faults in force now. A proxy starts with its `FaultSettings`' faults and a nemesis changes them during a
/// run with `FaultProxy.set(_:)`, opening and closing fault windows; the seed and the connection cap stay fixed.
public struct LiveFaults: Sendable, Equatable {
    /// Added before each chunk forwarded from the upstream to the client, in nanoseconds; 0 for none.
    public var latencyNanoseconds: UInt64
    /// Per answer, the chance that its first bytes are dropped and the client reset (the server acted, the client
    /// never hears it). Drawn when an answer's first chunk arrives after the client sent request bytes.
    public var resetProbability: Double
    /// A partition instead of forwarding; nil to forward.
    public var partition: FaultSettings.Partition?

    public init(latencyNanoseconds: UInt64 = 0, resetProbability: Double = 0, partition: FaultSettings.Partition? = nil) {
        self.latencyNanoseconds = latencyNanoseconds
        self.resetProbability = resetProbability
        self.partition = partition
    }

    /// The faults of static settings: what a proxy starts with.
    public init(_ settings: FaultSettings) {
        self.init(latencyNanoseconds: settings.latencyNanoseconds, resetProbability: settings.resetProbability,
                  partition: settings.partition)
    }

    /// Forward everything unchanged.
    public static let none = LiveFaults()
}
