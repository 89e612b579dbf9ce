import Testing
@testable import HTTPServer

/// Ordering of the event loop's timer heap.
struct TimerHeapTests {
    @Test func popsInDeadlineOrderOnlyWhenDue() {
        var heap = TimerHeap()
        // A fixed pseudo-random permutation of 0..<200 (multiplier coprime to 200).
        let deadlines = (0..<200).map { Int64(($0 * 77) % 200) }
        for (i, deadline) in deadlines.enumerated() { heap.schedule(at: deadline, token: UInt64(i)) }
        #expect(heap.count == 200)
        #expect(heap.nextDeadline == 0)
        var popped: [Int64] = []
        while let entry = heap.popDue(now: 99) { popped.append(entry.deadline) }
        #expect(popped == Array(0...99))
        #expect(heap.nextDeadline == 100)
        while let entry = heap.popDue(now: .max) { popped.append(entry.deadline) }
        #expect(popped == Array(0..<200))
        #expect(heap.isEmpty)
    }

    @Test func equalDeadlinesFireFirstInFirstOut() {
        var heap = TimerHeap()
        for token in 0..<50 as Range<UInt64> { heap.schedule(at: 5, token: token) }
        var tokens: [UInt64] = []
        while let entry = heap.popDue(now: 5) { tokens.append(entry.token) }
        #expect(tokens == Array(0..<50))
    }
}
