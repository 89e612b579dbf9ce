import Synchronization

/// One event loop's counters; written only by that loop's thread, read by anyone (relaxed atomics).
final class LoopCounters: Sendable {
    let connectionsAccepted = Atomic<Int>(0)
    let connectionsOpen = Atomic<Int>(0)
    let requestsServed = Atomic<Int>(0)
    let parseErrors = Atomic<Int>(0)
    let connectionsShed = Atomic<Int>(0)
    let headerTimeouts = Atomic<Int>(0)
    let idleTimeouts = Atomic<Int>(0)

    /// Adds `delta` to `counter`. A relaxed load and store (no locked read-modify-write) is enough because
    /// only the owning loop's thread ever writes; readers just need untorn values.
    @inline(__always)
    static func bump(_ counter: borrowing Atomic<Int>, by delta: Int = 1) {
        counter.store(counter.load(ordering: .relaxed) &+ delta, ordering: .relaxed)
    }

    /// The current values.
    var snapshot: HTTPServerStats {
        HTTPServerStats(connectionsAccepted: connectionsAccepted.load(ordering: .relaxed),
                        connectionsOpen: connectionsOpen.load(ordering: .relaxed),
                        requestsServed: requestsServed.load(ordering: .relaxed),
                        parseErrors: parseErrors.load(ordering: .relaxed),
                        connectionsShed: connectionsShed.load(ordering: .relaxed),
                        headerTimeouts: headerTimeouts.load(ordering: .relaxed),
                        idleTimeouts: idleTimeouts.load(ordering: .relaxed))
    }
}
