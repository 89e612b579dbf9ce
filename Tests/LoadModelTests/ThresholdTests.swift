import Testing
@testable import LoadModel

@Suite struct ThresholdTests {
    /// What a parsed threshold should hold, compared field by field.
    struct Expected: Sendable, CustomTestStringConvertible {
        var text: String
        var uncorrected = false
        var scope: Threshold.Scope = .all
        var metric: Threshold.Metric
        var comparison: Threshold.Comparison
        var limit: Double
        var unit: Threshold.Unit
        var testDescription: String { text }
    }

    @Test(arguments: [
        // The k6 staple: whole-run corrected p99 in milliseconds.
        Expected(text: "p(99)<250ms", metric: .percentile(99), comparison: .less, limit: 250e6, unit: .milliseconds),
        // A fractional percentile keeps its dot inside the parentheses.
        Expected(text: "p(99.9) <= 1s", metric: .percentile(99.9), comparison: .lessOrEqual, limit: 1e9, unit: .seconds),
        // Operation scope, spaces around the comparison.
        Expected(text: "cancel.p(99) < 300ms", scope: .operation(.cancel), metric: .percentile(99), comparison: .less,
                 limit: 300e6, unit: .milliseconds),
        // Cancel-point scope.
        Expected(text: "cancel[racing-completion].p(99)<500ms", scope: .cancelPoint(.racingCompletion), metric: .percentile(99),
                 comparison: .less, limit: 500e6, unit: .milliseconds),
        // Uncorrected latency, scoped, microseconds written as "us".
        Expected(text: "uncorrected.status.max<900us", uncorrected: true, scope: .operation(.status), metric: .max,
                 comparison: .less, limit: 900e3, unit: .microseconds),
        // The micro sign and the Greek mu both mean microseconds.
        Expected(text: "min>=5µs", metric: .min, comparison: .greaterOrEqual, limit: 5e3, unit: .microseconds),
        Expected(text: "avg>5\u{3BC}s", metric: .avg, comparison: .greater, limit: 5e3, unit: .microseconds),
        // Nanoseconds.
        Expected(text: "submit.p(100)<800ns", scope: .operation(.submit), metric: .percentile(100), comparison: .less,
                 limit: 800, unit: .nanoseconds),
        // Counts take a plain number.
        Expected(text: "cancel.count>=100", scope: .operation(.cancel), metric: .count, comparison: .greaterOrEqual, limit: 100, unit: .none),
        // Rate with and without "/s".
        Expected(text: "rate>50", metric: .rate, comparison: .greater, limit: 50, unit: .none),
        Expected(text: "submit.rate > 12.5/s", scope: .operation(.submit), metric: .rate, comparison: .greater, limit: 12.5, unit: .perSecond),
        // error_rate in percent and as a fraction.
        Expected(text: "error_rate<1%", metric: .errorRate, comparison: .less, limit: 0.01, unit: .percent),
        Expected(text: "status.error_rate<=0.05", scope: .operation(.status), metric: .errorRate, comparison: .lessOrEqual,
                 limit: 0.05, unit: .none),
        // Run-level counts.
        Expected(text: "violations==0", metric: .violations(nil), comparison: .equal, limit: 0, unit: .none),
        Expected(text: "violations[6]==0", metric: .violations(.noDoubleRefund), comparison: .equal, limit: 0, unit: .none),
        Expected(text: "violations[terminal-stays-terminal] == 0", metric: .violations(.terminalStaysTerminal), comparison: .equal,
                 limit: 0, unit: .none),
        Expected(text: "jobs!=0", metric: .jobs, comparison: .notEqual, limit: 0, unit: .none),
        Expected(text: "cancelled_rate>=25%", metric: .cancelledRate, comparison: .greaterOrEqual, limit: 0.25, unit: .percent),
        // Count at one cancel point.
        Expected(text: "\tcancel[claim].count > 0 ", scope: .cancelPoint(.claim), metric: .count, comparison: .greater, limit: 0, unit: .none),
    ])
    func parsesValidForms(expected: Expected) throws {
        let t = try Threshold.parse(expected.text)
        #expect(t.expression == expected.text.trimmedOfWhitespace())
        #expect(t.uncorrected == expected.uncorrected)
        #expect(t.scope == expected.scope)
        #expect(t.metric == expected.metric)
        #expect(t.comparison == expected.comparison)
        #expect(abs(t.limit - expected.limit) <= 1e-9 * max(1, expected.limit))
        #expect(t.unit == expected.unit)
    }

    @Test(arguments: [
        // The example of the issue: a percentile without parentheses.
        ("cancel.p99<300ms", "unknown metric \"p99\" (write p(99)); expected p(N), max, min, avg, count, rate, error_rate"),
        // Unscoped, the run-level metrics are offered too.
        ("latency<3ms", "unknown metric \"latency\"; expected p(N), max, min, avg, count, rate, error_rate, violations, violations[INVARIANT], jobs, cancelled_rate"),
        // Unknown scope.
        ("cancle.p(99)<3ms", "unknown scope \"cancle\""),
        // Unknown cancel point.
        ("cancel[racing].p(99)<3ms", "unknown cancel point \"racing\"; expected one of none, after-submit"),
        // A point on an operation other than cancel.
        ("submit[claim].p(99)<3ms", "\"submit[claim]\": only cancel takes a cancel point"),
        // Unknown unit for latency.
        ("p(99)<3sec", "unknown unit \"sec\"; expected ns, us, µs, ms or s"),
        // A bare number for latency.
        ("p(99)<300", "latency value \"300\" needs a unit"),
        // Units on counts.
        ("count>5ms", "unknown unit \"ms\"; expected a plain number"),
        // A rate written as a whole percent number without "%".
        ("error_rate<5", "rate \"5\" is above 1"),
        // Percentile out of range.
        ("p(0)<3ms", "bad percentile \"0\""),
        ("p(101)<3ms", "bad percentile \"101\""),
        ("p(abc)<3ms", "bad percentile \"abc\""),
        // Unknown comparisons.
        ("p(99)=3ms", "unknown comparison \"=\""),
        ("p(99)=<3ms", "unknown comparison \"=<\""),
        // No comparison at all.
        ("p(99) 3ms", "no comparison in \"p(99) 3ms\""),
        // Missing value, missing metric.
        ("p(99)<", "no value after \"<\""),
        ("<3ms", "nothing before \"<\""),
        ("p(99)<fast", "bad value \"fast\""),
        // Run-level metrics take no scope.
        ("cancel.violations==0", "\"violations\" belongs to the whole run and takes no scope"),
        ("submit.jobs>1", "\"jobs\" belongs to the whole run"),
        // Unknown invariant by number and by name.
        ("violations[15]==0", "unknown invariant \"15\""),
        ("violations[double-refund]==0", "unknown invariant \"double-refund\""),
        // uncorrected only for latency, only in front, not per point.
        ("uncorrected.count>1", "\"uncorrected.\" applies only to latency metrics"),
        ("cancel.uncorrected.p(99)<3ms", "unexpected \"uncorrected\" after scope \"cancel\""),
        ("uncorrected.cancel[claim].p(99)<3ms", "uncorrected latency is not kept per cancel point"),
        ("uncorrected.<3ms", "empty name between dots"),
        // error_rate is not kept per point.
        ("cancel[claim].error_rate<1%", "error_rate is not kept per cancel point"),
        // Bad brackets and stray spaces.
        ("cancel[claim.p(99)<3ms", "bad brackets in \"cancel[claim.p(99)\""),
        ("cancel. p(99)<3ms", "unexpected space in \" p(99)\""),
        // Empty.
        ("  ", "empty threshold"),
    ])
    func rejectsWithTheToken(text: String, fragment: String) {
        #expect {
            _ = try Threshold.parse(text)
        } throws: { error in
            let message = (error as? UsageError)?.message ?? ""
            return message.hasPrefix("--threshold '\(text)': ") && message.contains(fragment)
        }
    }

    @Test func comparisonsAndMargins() {
        // At the edge, the inclusive comparisons pass and the strict ones fail; the margin is 0 either way.
        #expect(Threshold.Comparison.lessOrEqual.holds(5, 5) && !Threshold.Comparison.less.holds(5, 5))
        #expect(Threshold.Comparison.less.margin(3, 5) == 2)
        #expect(Threshold.Comparison.less.margin(7, 5) == -2)
        #expect(Threshold.Comparison.greaterOrEqual.margin(7, 5) == 2)
        #expect(Threshold.Comparison.equal.margin(7, 5) == -2 && Threshold.Comparison.equal.margin(5, 5) == 0)
        #expect(Threshold.Comparison.notEqual.margin(3, 5) == 2 && !Threshold.Comparison.notEqual.holds(5, 5))
    }
}
