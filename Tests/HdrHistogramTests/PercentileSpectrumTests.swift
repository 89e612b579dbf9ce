import Foundation
import Testing
@testable import HdrHistogram

@Suite struct PercentileSpectrumTests {
    @Test(arguments: [
        // The median is 0.301 decades in: log10(2).
        (0.5, 0.30103),
        // 0% is the origin.
        (0.0, 0.0),
        // One decade per nine.
        (0.9, 1.0),
        (0.99, 2.0),
        (0.999, 3.0),
        (0.9999, 4.0),
    ])
    func xIsLog10OfOneOverOneMinusP(p: Double, x: Double) {
        #expect(abs(PercentileSpectrum.x(percentile: p) - x) < 1e-5)
        #expect(abs(PercentileSpectrum.percentile(x: x) - p) < 1e-5, "and back")
    }

    @Test func hundredPercentIsClampedToAFinitePosition() {
        #expect(PercentileSpectrum.x(percentile: 1).isFinite)
        #expect(PercentileSpectrum.x(percentile: -0.5) == 0)
    }

    @Test(arguments: [(0, "0%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%"), (5, "99.999%")])
    func ticksAreLabelledInNines(nines: Int, label: String) {
        #expect(PercentileSpectrum.label(nines: nines) == label)
    }

    @Test func onePassValuesMatchHistogramPercentiles() {
        var h = Histogram()
        for i in 1...10_000 { h.record(Int64(i) * 1_000) }
        h.record(100_000_000_000)
        let ps = stride(from: 0.0, through: 100.0, by: 0.37).map { $0 } + [99.99, 100]
        #expect(PercentileSpectrum.values(h, atPercentiles: ps.sorted()) == ps.sorted().map { h.value(atPercentile: $0) })
    }

    @Test func pointsEndAtTheMaximumWhereTheCountRunsOut() throws {
        var h = Histogram()
        for i in 1...1_000 { h.record(Int64(i)) }
        let points = PercentileSpectrum.points(h)
        let last = try #require(points.last)
        #expect(abs(last.x - 3) < 1e-9, "1,000 values say nothing beyond 99.9%")
        #expect(last.value == 1_000)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.value <= $1.value }, "a spectrum never goes down")
    }
}
