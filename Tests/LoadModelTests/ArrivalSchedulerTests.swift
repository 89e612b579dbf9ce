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

    /// Every start of a whole run: (global job, intended ns), from a scheduler run to its end.
    static func starts(_ model: LoadModelKind, total: Int, shard: Shard) -> [(job: Int, at: Int64)] {
        var s = ArrivalScheduler(model: model, total: total, seed: 7, shard: shard)
        var out = s.initialStarts().map { (shard.job(slot: $0), Int64(0)) }
        while let slot = s.replaceEnded() { out.append((shard.job(slot: slot), 0)) }
        var t: Int64 = 0
        while s.hasMore, t < 10_000_000_000 {
            t += 1_000_000
            out += s.due(at: t, inFlight: 0).map { (shard.job(slot: $0.slot), $0.intended) }
        }
        return out
    }

    @Test(arguments: [ArrivalSchedule.Process.constant, .poisson])
    func openModelShardsPlayTheGlobalScheduleBetweenThem(process: ArrivalSchedule.Process) {
        let model = LoadModelKind.open(rate: 500, arrival: process, maxInFlight: 1000)
        let whole = Self.starts(model, total: 100, shard: .whole)
        var union = (0..<3).flatMap { Self.starts(model, total: 100, shard: Shard(index: $0, count: 3)!) }
        union.sort { $0.job < $1.job }
        #expect(union.map(\.job) == whole.map(\.job))
        #expect(union.map(\.at) == whole.map(\.at), "each job at its global instant")
    }

    @Test func closedModelShardsDivideTheConcurrencyAndTheJobs() {
        // 10 jobs, concurrency 5, 3 shards: 2 + 2 + 1 in flight; jobs 0,3,6,9 / 1,4,7 / 2,5,8.
        let shards = (0..<3).map { Shard(index: $0, count: 3)! }
        #expect(shards.map { $0.concurrency(of: 5) } == [2, 2, 1])
        let jobs = shards.map { Self.starts(.closed(concurrency: 5), total: 10, shard: $0).map(\.job) }
        #expect(jobs == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
        var first = ArrivalScheduler(model: .closed(concurrency: 5), total: 10, seed: 1, shard: shards[0])
        #expect(first.initialStarts() == 0..<2)
    }
}
