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
        // Java's "%12.{digits}f %2.12f %10d %14.2f\n"; see JavaFixedFormat for why not String(format:).
        func f(_ value: Double, _ precision: Int, _ width: Int) -> String {
            JavaFixedFormat.format(value, precision: precision, width: width)
        }
        func d(_ value: some BinaryInteger, _ width: Int) -> String { JavaFixedFormat.pad(String(value), width) }
        for step in PercentileIterator(histogram, ticksPerHalfDistance: ticksPerHalfDistance) {
            let fraction = step.percentileLevel / 100
            out += f(Double(step.value) / ratio, digits, 12) + " " + f(fraction, 12, 2) + " " + d(step.totalCount, 10)
            // The last row is at 100%, where 1/(1-Percentile) is infinite: HdrHistogram leaves it out.
            out += step.percentileLevel != 100 ? " " + f(1 / (1 - fraction), 2, 14) + "\n" : "\n"
        }
        out += "#[Mean    = \(f(histogram.equivalentMean / ratio, digits, 12)), "
            + "StdDeviation   = \(f(histogram.standardDeviation / ratio, digits, 12))]\n"
        out += "#[Max     = \(f(Double(histogram.maxEquivalentValue) / ratio, digits, 12)), "
            + "Total count    = \(d(histogram.totalCount, 12))]\n"
        out += "#[Buckets = \(d(histogram.bucketCount, 12)), SubBuckets     = \(d(histogram.subBucketCount, 12))]\n"
        return out
    }
}
