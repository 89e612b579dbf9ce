import Foundation

/// HdrHistogram's percentile spectrum: latency against percentile on a "1/(1−p)" axis, where each decade
/// of x is one more nine (0 → 0%, 1 → 90%, 2 → 99%, 3 → 99.9%), so the tail gets as much room as the body.
public enum PercentileSpectrum {
    /// The x position of a percentile given as a fraction (0.99 for 99%): log10(1/(1−p)). p ≥ 1 has no finite
    /// position; it is clamped just below 1.
    public static func x(percentile p: Double) -> Double {
        let q = min(max(p, 0), 1 - 1e-12)
        return log10(1 / (1 - q))
    }

    /// The percentile (a fraction) at an x position: the inverse of `x(percentile:)`.
    public static func percentile(x: Double) -> Double { 1 - pow(10, -x) }

    /// The label of the tick at x = `nines`: "0%", "90%", "99%", "99.9%", "99.99%", ...
    public static func label(nines: Int) -> String {
        switch nines {
        case ...0: return "0%"
        case 1: return "90%"
        case 2: return "99%"
        default: return "99." + String(repeating: "9", count: nines - 2) + "%"
        }
    }

    /// The x up to which a histogram of `count` values has something to say: beyond 1 − 1/count every
    /// percentile is the maximum.
    public static func xEnd(count: Int64) -> Double { count <= 1 ? 0 : log10(Double(count)) }

    /// Points (x, value in ns) of a histogram's spectrum, `step` apart in x, ending at its maximum.
    public static func points(_ h: Histogram, step: Double = 0.02) -> [(x: Double, value: Int64)] {
        guard h.totalCount > 0 else { return [] }
        let end = xEnd(count: h.totalCount)
        var xs: [Double] = []
        var x = 0.0
        while x < end { xs.append(x); x += step }
        let values = Self.values(h, atPercentiles: xs.map { percentile(x: $0) * 100 })
        return zip(xs, values).map { ($0, $1) } + [(end, h.maxValue)]
    }

    /// `h.value(atPercentile:)` for many ascending percentiles (0–100) in one pass over the counts, instead of
    /// one pass each: a spectrum asks for a few hundred.
    static func values(_ h: Histogram, atPercentiles ps: [Double]) -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(ps.count)
        var running: Int64 = 0
        var i = 0
        for p in ps {
            let percentile = min(max(p, 0), 100)
            let target = max(1, Int64((percentile / 100 * Double(h.totalCount)).rounded(.toNearestOrAwayFromZero)))
            while i < h.counts.count {
                if h.counts[i] != 0, running + h.counts[i] >= target { break }
                running += h.counts[i]
                i += 1
            }
            guard i < h.counts.count else { out.append(h.maxValue); continue }
            let v = h.valueFromIndex(i)
            out.append(percentile == 0 ? h.lowestEquivalentValue(v) : min(h.highestEquivalentValue(v), h.maxValue))
        }
        return out
    }
}
