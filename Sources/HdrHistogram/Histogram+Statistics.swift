/// HdrHistogram's summary statistics, computed from the buckets the way its reference implementations do, so
/// that a `.hgrm` footer matches theirs digit for digit.
extension Histogram {
    /// The mean in nanoseconds as HdrHistogram computes it: every count stands at its bucket's median
    /// equivalent value. Differs from the exact `mean` by at most the bucket resolution; 0 when empty.
    public var equivalentMean: Double {
        guard totalCount > 0 else { return 0 }
        var total = 0.0
        for i in counts.indices where counts[i] != 0 {
            total += Double(medianEquivalentValue(valueFromIndex(i))) * Double(counts[i])
        }
        return total / Double(totalCount)
    }

    /// The population standard deviation in nanoseconds, around `equivalentMean`, with every count at its
    /// bucket's median equivalent value (HdrHistogram's `getStdDeviation`); 0 when empty.
    public var standardDeviation: Double {
        guard totalCount > 0 else { return 0 }
        let mean = equivalentMean
        var total = 0.0
        for i in counts.indices where counts[i] != 0 {
            let deviation = Double(medianEquivalentValue(valueFromIndex(i))) - mean
            total += deviation * deviation * Double(counts[i])
        }
        return (total / Double(totalCount)).squareRoot()
    }

    /// The largest recorded value as HdrHistogram reports it (`getMaxValue`): the highest value equivalent
    /// to the true maximum, in nanoseconds; 0 when empty.
    public var maxEquivalentValue: Int64 { maxValue == 0 ? 0 : highestEquivalentValue(maxValue) }
}
