import LoadModel
import Testing

/// When jobs start: the closed model's slots, the open model's schedule, its cap and its dropped starts.
@Suite struct ArrivalSchedulerTests {
    @Test func closedModelStartsItsConcurrencyThenOneForEachEnd() {
        var s = ArrivalScheduler(model: .closed(concurrency: 3), total: 5, seed: 1)
        #expect(s.initialStarts() == 0..<3)
        #expect(s.due(at: 1_000_000_000, inFlight: 0).isEmpty, "no schedule in the closed model")
        #expect(s.replaceEnded() == 3)
        #expect(s.replaceEnded() == 4)
        #expect(s.replaceEnded() == nil, "all five started")
        #expect(!s.hasMore && !s.isScheduled)
    }

    @Test func closedModelNeverStartsMoreThanItsJobs() {
        var s = ArrivalScheduler(model: .closed(concurrency: 64), total: 2, seed: 1)
        #expect(s.initialStarts() == 0..<2)
        #expect(s.replaceEnded() == nil)
    }

    @Test func openModelStartsOnScheduleUpToItsCap() {
        var s = ArrivalScheduler(model: .open(rate: 1000, arrival: .constant, maxInFlight: 4), total: 100, seed: 1)
        #expect(s.initialStarts().isEmpty && s.isScheduled && s.nextDue == 0)
        let first = s.due(at: 2_500_000, inFlight: 0)
        #expect(first.map(\.slot) == [0, 1, 2] && first.map(\.intended) == [0, 1_000_000, 2_000_000])
        #expect(s.nextDue == 3_000_000)
        // Four alive at most: one more now, the rest wait (late, not queued without bound).
        let capped = s.due(at: 10_000_000, inFlight: 3)
        #expect(capped.map(\.slot) == [3] && capped.map(\.intended) == [3_000_000])
        // Stopping at 10 ms drops the starts scheduled up to then that never happened: 4 ms to 10 ms.
        #expect(s.stop(droppingUntil: 10_000_000) == 7)
        #expect(!s.hasMore && s.nextDue == nil && s.due(at: 20_000_000, inFlight: 0).isEmpty)
    }

    @Test func stoppingTwiceDropsNothingMore() {
        var s = ArrivalScheduler(model: .open(rate: 100, arrival: .poisson, maxInFlight: 10), total: 10, seed: 3)
        _ = s.due(at: 0, inFlight: 0)
        #expect(s.stop() == 0, "a stop without an end drops nothing")
        #expect(s.stop(droppingUntil: 1_000_000_000) == 0, "already stopped")
    }

    @Test func lifecycleLearnerAveragesWhatJobsSaw() {
        var l = LifecycleLearner()
        #expect(l.estimates == LifecycleEstimates())
        l.add(queue: .milliseconds(50), run: nil, life: nil)
        #expect(l.estimates.queue == .milliseconds(50) && l.estimates.run == .milliseconds(100))
    }
}
