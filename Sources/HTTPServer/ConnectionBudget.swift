import Synchronization

/// The connection cap shared by every event loop of one server: loops take a slot per accepted connection
/// and give it back on close, so the cap holds for the server as a whole however the kernel spreads
/// connections over the loops' listeners.
final class ConnectionBudget: Sendable {
    /// Most connections open at once.
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a slot; false (and nothing taken) when all `limit` are in use.
    func take() -> Bool {
        // Add first and undo on overflow: one atomic step in the common case, and never more than `limit`
        // slots are kept, even if two loops race for the last one.
        if open.wrappingAdd(1, ordering: .relaxed).newValue <= limit { return true }
        open.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    /// Gives back a slot taken by `take()`.
    func giveBack() { open.wrappingSubtract(1, ordering: .relaxed) }

    /// Slots in use now.
    var inUse: Int { open.load(ordering: .relaxed) }
}
