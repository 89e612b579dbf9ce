import Testing
@testable import LoadModel

@Suite struct PlanTests {
    @Test func sameSeedSamePlans() {
        let a = Planner(seed: 42), b = Planner(seed: 42), c = Planner(seed: 43)
        #expect((0..<100).map(a.plan) == (0..<100).map(b.plan))
        #expect((0..<100).map(a.plan) != (0..<100).map(c.plan))
        // Planning out of order gives the same plan: it depends on (seed, index) only.
        #expect(a.plan(77) == b.plan(77))
    }

    @Test func mixWeightsShapeTheDraw() throws {
        let mix = try CancelMix(parsing: "none=1,running=3")
        let p = Planner(seed: 1, mix: mix)
        let running = (0..<10_000).filter { p.plan($0).point == .running }.count
        #expect((7_200...7_800).contains(running))
        #expect((0..<1000).allSatisfy { [.none, .running].contains(p.plan($0).point) })
    }

    @Test(arguments: [
        // Unknown point, with the list of known ones.
        ("none=1,sometimes=2", "unknown cancel point \"sometimes\""),
        // Negative weight.
        ("running=-1", "must be a number ≥ 0"),
        // Missing '='.
        ("running", "expected POINT=WEIGHT"),
        // All zero.
        ("none=0", "add up to 0"),
        // Twice.
        ("none=1,none=2", "given twice"),
    ])
    func badMixesAreUsageErrors(text: String, message: String) {
        #expect { try CancelMix(parsing: text) } throws: { ($0 as? UsageError)?.message.contains(message) == true }
    }

    @Test func mixIsFittedToWhatAProfileCanPlay() throws {
        let praison = try loadProfile("praison")
        let fitted = try CancelMix.standard.fitted(to: praison, explicit: false)
        #expect(!fitted.weights.contains { $0.point == .keyPayload || $0.point == .noToken })
        #expect(fitted.weights.contains { $0.point == .progress })
        #expect(throws: UsageError.self) { try CancelMix(parsing: "key-payload=1").fitted(to: praison, explicit: true) }
        let pika = try loadProfile("pika")
        #expect(throws: UsageError.self) { try CancelMix(parsing: "progress=1").fitted(to: pika, explicit: true) }
    }

    @Test func standardMixCancelsMoreThanAQuarter() throws {
        #expect(CancelMix.standard.cancelledShare > 0.25)
        #expect(try CancelMix(parsing: CancelMix.standard.description) == .standard)
    }

    @Test func constantArrivalsAreEvenlySpaced() {
        var s = ArrivalSchedule(rate: 100, process: .constant, seed: 1)
        #expect((0..<4).map { _ in s.nextStart().nanoseconds } == [0, 10_000_000, 20_000_000, 30_000_000])
    }

    @Test func poissonArrivalsHaveTheRightMeanRate() {
        var s = ArrivalSchedule(rate: 1000, process: .poisson, seed: 9)
        var last = Span.zero
        for _ in 0..<20_000 { last = s.nextStart() }
        #expect(abs(last.seconds - 20) < 0.6)
    }

    @Test func timerQueuePopsInOrderAndOnlyWhenDue() {
        var q = TimerQueue<Int>()
        for (at, p) in [(30, 3), (10, 1), (20, 2), (10, 4)] { q.push(Instant(nanoseconds: Int64(at)), p) }
        #expect(q.popDue(Instant(nanoseconds: 5)) == nil)
        var out: [Int] = []
        while let e = q.popDue(Instant(nanoseconds: 25)) { out.append(e.payload) }
        #expect(out == [1, 4, 2])
        #expect(q.earliest == Instant(nanoseconds: 30))
    }

    @Test func estimatorLearnsTowardsSamples() {
        var e = DurationEstimator(initial: .milliseconds(100))
        for _ in 0..<50 { e.add(.milliseconds(300)) }
        #expect(abs(e.estimate.milliseconds - 300) < 1)
    }
}
