import Testing
@testable import HdrHistogram

@Suite struct HistogramTests {
    /// HdrHistogram's coordinated-omission golden case: 10,000 values at 1 ms, one every 10 ms, plus one
    /// 100 s stall.
    @Test func coordinatedOmissionGoldenCase() {
        var raw = Histogram(lowest: 1_000, highest: 3_600_000_000_000, significantDigits: 3)
        var corrected = raw
        for _ in 0..<10_000 {
            raw.record(1_000_000)
            corrected.record(1_000_000, expectedInterval: 10_000_000)
        }
        raw.record(100_000_000_000)
        corrected.record(100_000_000_000, expectedInterval: 10_000_000)
        #expect(raw.totalCount == 10_001)
        #expect(corrected.totalCount == 20_000)
        // Raw: the stall is one sample in ten thousand; corrected: half the time was spent stalled.
        #expect(raw.value(atPercentile: 99) == raw.highestEquivalentValue(1_000_000))
        #expect(corrected.value(atPercentile: 50) == corrected.highestEquivalentValue(1_000_000))
        #expect(abs(Double(corrected.value(atPercentile: 75)) - 50_000_000_000) / 50_000_000_000 < 0.001)
        #expect(abs(Double(corrected.value(atPercentile: 99)) - 98_000_000_000) / 98_000_000_000 < 0.001)
    }

    @Test(arguments: [(50.0, 500_000), (90.0, 900_000), (99.0, 990_000), (100.0, 1_000_000)])
    func percentilesOfUniformValues(p: Double, expected: Int64) {
        var h = Histogram()
        for v in 1...1000 { h.record(Int64(v) * 1_000) }
        let got = h.value(atPercentile: p)
        #expect(abs(Double(got - expected)) / Double(expected) < 0.001, "p\(p) = \(got)")
    }

    @Test func mergeIsAddition() {
        var a = Histogram(), b = Histogram(), both = Histogram()
        for v in stride(from: Int64(1_000), to: 5_000_000, by: 7_919) { a.record(v); both.record(v) }
        for v in stride(from: Int64(2_000), to: 9_000_000, by: 15_401) { b.record(v); both.record(v) }
        a.add(b)
        #expect(a.counts == both.counts)
        #expect(a.totalCount == both.totalCount && a.maxValue == both.maxValue && a.minValue == both.minValue)
    }

    @Test func edgeValuesAreCountedNotDropped() {
        var h = Histogram(lowest: 1_000, highest: 1_000_000_000, significantDigits: 3)
        h.record(0)
        h.record(-5)
        h.record(1_000_000_000)
        h.record(2_000_000_000)
        #expect(h.totalCount == 3)
        #expect(h.overflowCount == 1)
        #expect(h.value(atPercentile: 0) == 0)
    }

    @Test func bucketsHoldThreeSignificantDigits() {
        let h = Histogram()
        for v: Int64 in [1, 999, 1_000, 123_456, 98_765_432, 3_599_999_999_999] {
            let size = h.sizeOfEquivalentRange(v)
            #expect(size == 1 || Double(size) / Double(v) <= 0.002, "\(v) bucket \(size)")
            #expect(h.lowestEquivalentValue(v) <= v && v <= h.highestEquivalentValue(v))
        }
    }
}
