/// A min-heap of deadlines, so an event loop knows its next timer in O(1) and pops due ones in O(log n).
struct TimerHeap {
    /// One scheduled wake-up for a connection.
    struct Entry: Equatable {
        /// When it is due, in monotonic nanoseconds.
        var deadline: Int64
        /// Insertion order, to break ties so equal deadlines fire first-in first-out.
        var sequence: UInt64
        /// The connection token it belongs to; stale tokens are ignored when they fire.
        var token: UInt64
    }

    private var entries: [Entry] = []
    private var nextSequence: UInt64 = 0

    /// Whether no timer is scheduled.
    var isEmpty: Bool { entries.isEmpty }
    /// How many timers are scheduled.
    var count: Int { entries.count }
    /// The earliest deadline, in monotonic nanoseconds, or nil when empty.
    var nextDeadline: Int64? { entries.first?.deadline }

    /// Schedules `token` at `deadline` (monotonic nanoseconds).
    mutating func schedule(at deadline: Int64, token: UInt64) {
        entries.append(Entry(deadline: deadline, sequence: nextSequence, token: token))
        nextSequence &+= 1
        siftUp(entries.count - 1)
    }

    /// Removes and returns the earliest entry if it is due at `now` (monotonic nanoseconds).
    mutating func popDue(now: Int64) -> Entry? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return first
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let x = entries[a], y = entries[b]
        return x.deadline != y.deadline ? x.deadline < y.deadline : x.sequence < y.sequence
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count && less(left, smallest) { smallest = left }
            if right < entries.count && less(right, smallest) { smallest = right }
            if smallest == parent { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
