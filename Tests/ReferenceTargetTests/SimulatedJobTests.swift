import Testing
@testable import ReferenceTarget

@Suite struct SimulatedJobTests {
    private let config = TargetConfig(dialect: .beatra, queueDelay: .fixed(100), runTime: .fixed(1000),
                                      stopDelay: .fixed(200), failureRate: 0)

    @Test func stateIsAPureFunctionOfTime() {
        let job = SimulatedJob(createdAt: 0, config: config, sequence: 1)
        // (instant ns, expected phase): queued until 100, running until 1100, then terminal.
        let table: [(Int64, JobSnapshot.Phase)] = [(0, .queued), (99, .queued), (100, .running), (1099, .running),
                                                   (1100, .terminal(.succeeded)), (9999, .terminal(.succeeded))]
        for (now, phase) in table { #expect(job.snapshot(at: now).phase == phase) }
        #expect(job.snapshot(at: 600).percent == 50)
    }

    @Test(arguments: [
        (50, CancelMode.bestEffort, Int64(50), JobOutcome.cancelled),  // queued: immediate in any mode
        (300, CancelMode.immediate, Int64(300), JobOutcome.cancelled),  // Pika/PraisonAI running: immediate
        (300, CancelMode.bestEffort, Int64(500), JobOutcome.cancelled),  // beatra running: after the stop delay
        (950, CancelMode.bestEffort, Int64(1100), JobOutcome.succeeded),  // beatra: finishes before it stops
    ] as [(Int64, CancelMode, Int64, JobOutcome)])
    func cancelMovesTheEnd(at: Int64, mode: CancelMode, endAt: Int64, outcome: JobOutcome) {
        var job = SimulatedJob(createdAt: 0, config: config, sequence: 1)
        let accepted = job.requestCancel(at: at, mode: mode)
        #expect(accepted)
        #expect(job.endAt == endAt)
        #expect(job.outcome == outcome)
        #expect(job.cancelRequestedAt == at)
    }

    @Test func terminalJobsNeverChange() {
        var job = SimulatedJob(createdAt: 0, config: config, sequence: 1)
        let acceptedWhenTerminal = job.requestCancel(at: 1100, mode: .immediate)
        #expect(!acceptedWhenTerminal)
        #expect(job.outcome == .succeeded)
        #expect(!job.hasCancelRequest)
        var cancelled = SimulatedJob(createdAt: 0, config: config, sequence: 1)
        cancelled.requestCancel(at: 300, mode: .bestEffort)
        let acceptedTwice = cancelled.requestCancel(at: 350, mode: .bestEffort)
        #expect(!acceptedTwice)  // A second request changes nothing.
        #expect(cancelled.cancelRequestedAt == 300)
        #expect(cancelled.endAt == 500)
    }

    @Test(arguments: [
        DelayDistribution.fixed(5),  // always 5
        .uniform(min: 10, max: 20),  // inclusive bounds
        .uniform(min: 20, max: 10),  // swapped bounds still work
        .exponential(mean: 100, cap: 300),  // capped tail
    ])
    func samplesStayInRange(distribution: DelayDistribution) {
        var rng = SplitMix64(seed: 1, stream: 2)
        for _ in 0..<1000 {
            let value = distribution.sample(&rng)
            switch distribution {
            case .fixed(let v): #expect(value == v)
            case .uniform(let a, let b): #expect(value >= min(a, b) && value <= max(a, b))
            case .exponential(_, let cap): #expect(value >= 0 && value <= cap)
            }
        }
    }

    @Test func outcomeRatesAreRespected() {
        let pika = TargetConfig(dialect: .pika, failureRate: 0.2, moderationRate: 0.1)
        var counts: [JobOutcome: Int] = [:]
        for sequence in 0..<10_000 as Range<UInt64> {
            counts[SimulatedJob(createdAt: 0, config: pika, sequence: sequence).outcome, default: 0] += 1
        }
        #expect((1800...2200).contains(counts[.failed] ?? 0))
        #expect((850...1150).contains(counts[.moderated] ?? 0))
        // Only Pika moderates.
        let beatra = TargetConfig(dialect: .beatra, failureRate: 0, moderationRate: 1)
        #expect(SimulatedJob(createdAt: 0, config: beatra, sequence: 1).outcome == .succeeded)
    }
}
