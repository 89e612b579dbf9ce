import Testing
@testable import HdrHistogram

@Suite struct PercentileDistributionTests {
    static func knownHistogram() -> Histogram {
        var h = Histogram()
        for v in HdrGolden.knownValues { h.record(v) }
        return h
    }

    @Test func matchesJavaHdrHistogramByteForByte() {
        let text = PercentileDistribution.text(Self.knownHistogram())
        #expect(text == HdrGolden.knownValuesHgrm)
        if text != HdrGolden.knownValuesHgrm {
            // Point at the first differing row rather than dumping two 57-line strings.
            let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
            let java = HdrGolden.knownValuesHgrm.split(separator: "\n", omittingEmptySubsequences: false)
            if let row = zip(ours, java).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                Issue.record("row \(row.offset): ours \"\(row.element.0)\" java \"\(row.element.1)\"")
            }
        }
    }

    @Test(arguments: [
        // Steps of 10% up to 50% (5 ticks per half distance), then 5% to 75%, then 2.5% to 87.5%.
        (0, 0.0), (1, 10.0), (5, 50.0), (6, 55.0), (10, 75.0), (11, 77.5), (15, 87.5), (16, 88.75),
    ])
    func percentileLevelsHalveTheDistanceToOneHundred(row: Int, level: Double) {
        // 100,000 distinct values so every level lands on its own row.
        var h = Histogram()
        for v in 1...100_000 { h.record(Int64(v) * 1_000) }
        let steps = Array(PercentileIterator(h))
        #expect(steps[row].percentileLevel == level)
        #expect(steps.last?.percentileLevel == 100)
        #expect(steps.last?.totalCount == 100_000)
    }

    @Test func emptyHistogramPrintsHeaderAndFooterOnly() {
        let text = PercentileDistribution.text(Histogram())
        #expect(text == """
                   Value     Percentile TotalCount 1/(1-Percentile)

            #[Mean    =        0.000, StdDeviation   =        0.000]
            #[Max     =        0.000, Total count    =            0]
            #[Buckets =           32, SubBuckets     =         2048]

            """)
    }

    @Test func outputUnitIsConfigurable() {
        var h = Histogram()
        h.record(1_500_000)
        let text = PercentileDistribution.text(h, outputValueUnitScalingRatio: 1_000)
        // One value: a 0% row and the 100% row, both at the bucket's highest value (1,500,159 ns in µs).
        #expect(text.contains("    1500.159 0.000000000000          1           1.00\n"))
        #expect(text.contains("    1500.159 1.000000000000          1\n"))
        #expect(text.contains("#[Max     =     1500.159, Total count    =            1]"))
    }

    @Test func standardDeviationUsesBucketMedians() {
        var h = Histogram()
        h.record(500, count: 3)
        h.record(1_500, count: 3)
        h.record(1_000_000)
        // Below 2,048 ns buckets are 1 ns wide, so 500 and 1,500 are exact; 1,000,000 shares a 512 ns bucket
        // whose median is 1,000,192. Mean (1,500 + 4,500 + 1,000,192) / 7.
        #expect(h.equivalentMean == 1_006_192.0 / 7)
        let deviations = [500.0, 500, 500, 1_500, 1_500, 1_500, 1_000_192].map { $0 - 1_006_192.0 / 7 }
        #expect(abs(h.standardDeviation - (deviations.map { $0 * $0 }.reduce(0, +) / 7).squareRoot()) < 1e-6)
    }
}
