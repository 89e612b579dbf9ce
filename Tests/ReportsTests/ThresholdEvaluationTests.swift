import Testing
import LoadModel
@testable import Reports

@Suite struct ThresholdEvaluationTests {
    /// A tally built by hand, with latencies below 2048 ns where the histogram is exact.
    ///
    /// submit: 99 × 1000 ns and 1 × 2000 ns corrected (500 ns less uncorrected), 2 errors in 100.
    /// cancel: 10 × 1500 ns, all at racing-completion. status: none. Jobs: 20, 10 of them cancelled.
    /// Invariants: 1 exercised by 20 jobs with 2 failing (3 violations in all), 7 never exercised.
    static let tally: RunTally = {
        var t = RunTally()
        var submit = OperationStats()
        submit.count = 100
        submit.info = 2
        submit.latency.record(1000, count: 99)
        submit.latency.record(2000)
        submit.serviceTime.record(500, count: 99)
        submit.serviceTime.record(1500)
        t.operations[.submit] = submit
        var cancel = OperationStats()
        cancel.count = 10
        cancel.latency.record(1500, count: 10)
        cancel.serviceTime.record(1400, count: 10)
        t.operations[.cancel] = cancel
        t.cancelLatencyByPoint[.racingCompletion] = cancel.latency
        t.jobs = 20
        t.byPoint[.racingCompletion] = RunTally.PointTally(jobs: 10)
        t.byPoint[.none] = RunTally.PointTally(jobs: 10)
        t.jobsCancelSent = 10  // the racing-completion jobs got their cancel
        t.invariants[.terminalStaysTerminal] = InvariantTally(pass: 18, unknown: 0, fail: 2)
        t.violations = 3
        return t
    }()

    static func evaluate(_ expressions: [String], elapsed: Double = 10) throws -> ThresholdEvaluation {
        ThresholdEvaluation(thresholds: try expressions.map(Threshold.parse), tally: tally, elapsedSeconds: elapsed)
    }

    @Test(arguments: [
        // Percentile of one operation; margin in the unit the limit was written in (µs).
        ("submit.p(99)<1.5us", 1.0, 0.5, true),
        // The max is the one slow exchange: fails by 500 ns.
        ("submit.max<1500ns", 2000, -500, false),
        // Mean and min are exact below 2048 ns.
        ("submit.avg<=1010ns", 1010, 0, true),
        ("submit.min>=1000ns", 1000, 0, true),
        // Uncorrected reads the service time instead.
        ("uncorrected.submit.max<1500ns", 1500, 0, false),
        // All operations merged: 110 exchanges, the 2000 ns one is the max.
        ("max<=2us", 2, 0, true),
        ("p(50)<1100ns", 1000, 100, true),
        // A cancel point's own histogram.
        ("cancel[racing-completion].p(99)<2us", 1.5, 0.5, true),
        ("cancel[racing-completion].count==10", 10, 0, true),
        // Counts and rates over 10 s.
        ("count>=110", 110, 0, true),
        ("submit.rate>20", 10, -10, false),
        ("cancel.rate<=1/s", 1, 0, true),
        // Error share: 2 of 100 submits, 2 of 110 overall; in percent and as a fraction.
        ("submit.error_rate<1%", 2, -1, false),
        ("error_rate<=0.05", 2.0 / 110, 0.05 - 2.0 / 110, true),
        // Run-level numbers.
        ("violations==0", 3, -3, false),
        ("violations[1]<=2", 2, 0, true),
        ("jobs!=0", 20, 20, true),
        ("cancelled_rate>=50%", 50, 0, true),
    ] as [(String, Double, Double, Bool)])
    func judgesKnownHistograms(expression: String, observed: Double, margin: Double, passed: Bool) throws {
        let r = try Self.evaluate([expression]).results[0]
        #expect(abs((r.observed ?? .nan) - observed) < 1e-9)
        #expect(abs((r.margin ?? .nan) - margin) < 1e-9)
        #expect(r.passed == passed)
        #expect(r.note == nil)
    }

    @Test(arguments: [
        // No cancels at the claim: the threshold cannot hold on nothing.
        ("cancel[claim].p(99)<1s", "no data: no latency recorded for cancel at claim"),
        // No status exchanges at all.
        ("status.error_rate<1%", "no data: no exchanges for status"),
        ("status.max<1s", "no data: no latency recorded for status"),
        // An invariant no job exercised is not a pass for violations[N]==0.
        ("violations[idempotency-key]==0", "no data: no job exercised invariant 7 idempotency-key"),
    ])
    func noDataFails(expression: String, note: String) throws {
        let evaluation = try Self.evaluate([expression])
        let r = evaluation.results[0]
        #expect(r.observed == nil && r.margin == nil)
        #expect(!r.passed && r.result == "no data")
        #expect(r.note == note)
        #expect(!evaluation.passed && evaluation.failures.count == 1)
    }

    @Test func rateWithoutElapsedTimeIsNoData() throws {
        let r = try Self.evaluate(["rate>0"], elapsed: 0).results[0]
        #expect(!r.passed && r.note?.hasPrefix("no data") == true)
    }

    @Test func latenciesBeyondTheHistogramAreNotJudged() throws {
        var tally = Self.tally
        tally.operations[.status] = OperationStats()
        tally.operations[.status]?.latency.record(1000)
        tally.operations[.status]?.latency.record(5_000_000_000_000)  // 5000 s: beyond the 1 h range
        let r = ThresholdEvaluation(thresholds: [try Threshold.parse("status.max<1s")], tally: tally, elapsedSeconds: 1).results[0]
        #expect(!r.passed)
        #expect(r.note == "1 latencies above the histogram's range (3600s) cannot be judged")
    }

    @Test func tableAndJSON() throws {
        let evaluation = try Self.evaluate(["submit.p(99)<1.5us", "submit.max<1500ns", "cancel[claim].p(99)<1s"])
        #expect(evaluation.text == """
            thresholds: 2 of 3 failed
              threshold               observed  margin  result
              submit.p(99)<1.5us           1µs  +0.5µs  pass
              submit.max<1500ns         2000ns  -500ns  FAIL
              cancel[claim].p(99)<1s   no data       -  FAIL (no data: no latency recorded for cancel at claim)
            """)
        #expect(evaluation.json == "["
            + #"{"threshold":"submit.p(99)<1.5us","observed":1,"limit":1.5,"unit":"µs","margin":0.5,"passed":true,"result":"pass","note":null},"#
            + #"{"threshold":"submit.max<1500ns","observed":2000,"limit":1500,"unit":"ns","margin":-500,"passed":false,"result":"fail","note":null},"#
            + #"{"threshold":"cancel[claim].p(99)<1s","observed":null,"limit":1,"unit":"s","margin":null,"passed":false,"result":"no data","#
            + #""note":"no data: no latency recorded for cancel at claim"}]"#)
    }

    @Test(arguments: [
        // Integers stay integers; about four significant digits otherwise; no exponent for small fractions.
        (243.14159, "243.1"), (6.9, "6.9"), (0.0123456, "0.01235"), (-12.0, "-12"), (12345.6, "12346"), (0.5, "0.5"),
    ])
    func numbersForTables(value: Double, text: String) {
        #expect(ThresholdEvaluation.number(value) == text)
    }
}
