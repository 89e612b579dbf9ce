/// A binary min-heap of (instant, payload): the driver's single timer for every job's next wake-up.
///
/// Inlinable, so the driver's `TimerQueue<Int>` is specialized where it is used: generic heap code, copying
/// each entry through the payload's value witnesses, cost more than the rest of a wake-up.
public struct TimerQueue<Payload: Sendable>: Sendable {
    @usableFromInline var heap: [(at: Instant, order: Int, payload: Payload)] = []
    @usableFromInline var counter = 0

    @inlinable public init() {}

    @inlinable public var isEmpty: Bool { heap.isEmpty }
    @inlinable public var count: Int { heap.count }
    /// The earliest instant in the queue.
    @inlinable public var earliest: Instant? { heap.first?.at }

    /// Adds an entry; entries at the same instant come out in insertion order.
    @inlinable public mutating func push(_ at: Instant, _ payload: Payload) {
        heap.append((at, counter, payload))
        counter += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    @inlinable public mutating func popDue(_ now: Instant) -> (at: Instant, payload: Payload)? {
        guard let first = heap.first, first.at <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, less(l, m) { m = l }
                if r < heap.count, less(r, m) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return (first.at, first.payload)
    }

    @inlinable func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].at < heap[b].at || (heap[a].at == heap[b].at && heap[a].order < heap[b].order)
    }
}
