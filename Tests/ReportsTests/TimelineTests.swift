import Testing
@testable import Reports

@Suite struct TimelineTests {
    @Test func anExchangeSpreadsItsTimeOverTheBucketsItSpans() {
        var t = Timeline(bucketWidth: 100)
        // 50..320: 50 in bucket 0, 100 in buckets 1 and 2, 20 in bucket 3; it completes in bucket 3.
        let recorded = t.record(op: 2, started: 50, completed: 320)
        #expect(recorded)
        #expect(t.busy == [50, 100, 100, 20] + Array(repeating: 0, count: t.count - 4))
        t.trim()
        #expect(t.count == 4)
        #expect(t.completed[2] == [0, 0, 0, 1])
        #expect(t.meanInFlight == [0.5, 1, 1, 0.2])
        #expect(t.ratePerSecond(op: 2)[3] == 1e7, "one completion in 100 ns is ten million a second")
    }

    @Test func negativeAndAbsurdTimesAreRefused() {
        var t = Timeline(bucketWidth: 10)
        let negative = t.record(op: 0, started: -5, completed: 3)
        let absurd = t.record(op: 0, started: 0, completed: Int64(Timeline.maxBuckets) * 10)
        #expect(!negative && !absurd)
        #expect(t.count == 0)
    }

    @Test func coarseningAddsAdjacentBuckets() {
        var t = Timeline(bucketWidth: 10)
        for i in 0..<5 { t.record(op: 1, started: Int64(i) * 10, completed: Int64(i) * 10 + 5) }
        t.trim()
        let c = t.coarsened(by: 2)
        #expect(c.bucketWidth == 20)
        #expect(c.completed[1] == [2, 2, 1])
        #expect(c.busy == [10, 10, 5])
    }

    @Test(arguments: [(0.5, 10_000_000), (2.0, 50_000_000), (10.0, 200_000_000), (3600.0, 1_000_000_000)] as [(Double, Int64)])
    func bucketsAreOneSecondForLongRunsAndFinerForShortOnes(seconds: Double, width: Int64) {
        #expect(Timeline.bucketWidth(forElapsedSeconds: seconds) == width)
    }
}
