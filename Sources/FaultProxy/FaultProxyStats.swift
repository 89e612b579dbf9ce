import Synchronization

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
    /// Answers whose first bytes arrived from the upstream after the client sent request bytes; each one drew
    /// the reset dice once.
    public var answers = 0
    /// Answers dropped unsent and their client reset (drawn per answer).
    public var resets = 0
    /// New connections reset at once by a refuse partition.
    public var refused = 0
    /// Connections held unanswered by a blackhole: new ones accepted during it and open ones it caught.
    public var blackholed = 0
    /// Bytes read and dropped by a blackhole, both directions.
    public var droppedBytes = 0
    /// Open connections reset by a partition change: all of them when a refuse began, and those a blackhole
    /// caught when it was lifted (their byte streams are out of step).
    public var partitionResets = 0
    /// Calls of `set(_:)` that changed the faults.
    public var faultChanges = 0
    /// Chunks held back by latency.
    public var delayedChunks = 0
    /// Connections reset because the upstream could not be reached.
    public var upstreamFailures = 0

    public init() {}
}

/// The proxy's counters, added to from every connection thread without a lock.
final class ProxyCounters: Sendable {
    let connections = Atomic<Int>(0)
    let overCap = Atomic<Int>(0)
    let bytesUp = Atomic<Int>(0)
    let bytesDown = Atomic<Int>(0)
    let answers = Atomic<Int>(0)
    let resets = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let blackholed = Atomic<Int>(0)
    let droppedBytes = Atomic<Int>(0)
    let partitionResets = Atomic<Int>(0)
    let faultChanges = Atomic<Int>(0)
    let delayedChunks = Atomic<Int>(0)
    let upstreamFailures = Atomic<Int>(0)

    func snapshot() -> FaultProxyStats {
        var s = FaultProxyStats()
        s.connections = connections.load(ordering: .relaxed)
        s.overCap = overCap.load(ordering: .relaxed)
        s.bytesUp = bytesUp.load(ordering: .relaxed)
        s.bytesDown = bytesDown.load(ordering: .relaxed)
        s.answers = answers.load(ordering: .relaxed)
        s.resets = resets.load(ordering: .relaxed)
        s.refused = refused.load(ordering: .relaxed)
        s.blackholed = blackholed.load(ordering: .relaxed)
        s.droppedBytes = droppedBytes.load(ordering: .relaxed)
        s.partitionResets = partitionResets.load(ordering: .relaxed)
        s.faultChanges = faultChanges.load(ordering: .relaxed)
        s.delayedChunks = delayedChunks.load(ordering: .relaxed)
        s.upstreamFailures = upstreamFailures.load(ordering: .relaxed)
        return s
    }
}
