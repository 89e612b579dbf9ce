import Foundation

/// HdrHistogram's `.hgrm` percentile distribution text, byte for byte as its `outputPercentileDistribution`
/// (Java) and `hdr_percentiles_print` (C) print it, so HdrHistogram's plotter and other tools read our files.
public enum PercentileDistribution {
    /// The `.hgrm` text for `histogram`.
    ///
    /// - Parameters:
    ///   - outputValueUnitScalingRatio: what values (nanoseconds) are divided by before printing; the default
    ///     1,000,000 prints milliseconds, 1,000 prints microseconds.
    ///   - ticksPerHalfDistance: rows per halving of the distance to 100% (HdrHistogram's default 5).
    public static func text(
        _ histogram: Histogram, outputValueUnitScalingRatio: Double = 1_000_000, ticksPerHalfDistance: Int = 5
    ) -> String {
        let digits = histogram.significantDigits
        let ratio = outputValueUnitScalingRatio
        // Java's "%12s %14s %10s %14s\n\n" of the four titles, spelled out: Foundation's %s wants C strings.
        var out = "       Value     Percentile TotalCount 1/(1-Percentile)\n\n"
        for step in PercentileIterator(histogram, ticksPerHalfDistance: ticksPerHalfDistance) {
            let value = Double(step.value) / ratio
            let fraction = step.percentileLevel / 100
            if step.percentileLevel != 100 {
                out += String(format: "%12.\(digits)f %2.12f %10lld %14.2f\n", value, fraction, step.totalCount, 1 / (1 - fraction))
            } else {
                // The last row is at 100%, where 1/(1-Percentile) is infinite: HdrHistogram leaves it out.
                out += String(format: "%12.\(digits)f %2.12f %10lld\n", value, fraction, step.totalCount)
            }
        }
        out += String(format: "#[Mean    = %12.\(digits)f, StdDeviation   = %12.\(digits)f]\n",
                      histogram.equivalentMean / ratio, histogram.standardDeviation / ratio)
        out += String(format: "#[Max     = %12.\(digits)f, Total count    = %12lld]\n",
                      Double(histogram.maxEquivalentValue) / ratio, histogram.totalCount)
        out += String(format: "#[Buckets = %12ld, SubBuckets     = %12ld]\n", histogram.bucketCount, histogram.subBucketCount)
        return out
    }
}
