import Foundation

/// One row of a percentile distribution: the percentile level reached and the value reported for it.
public struct PercentileStep: Sendable, Equatable {
    /// The highest value equivalent to the bucket where the level was reached, in nanoseconds.
    public let value: Int64
    /// The percentile level iterated to (0–100), not the percentile actually reached.
    public let percentileLevel: Double
    /// The number of values at or below `value`.
    public let totalCount: Int64
}

/// Walks a histogram in percentile levels that halve the remaining distance to 100%, as HdrHistogram's
/// `PercentileIterator` does: `ticksPerHalfDistance` equal steps from 0% to 50%, as many from 50% to 75%, and
/// so on, ending with one step at exactly 100%.
///
/// The step arithmetic (truncated log2, `pow`, accumulation in `Double`) copies the Java and C
/// implementations on purpose: the rows of a `.hgrm` file are those levels, so any "cleaner" math would
/// print different rows than every other HdrHistogram tool.
public struct PercentileIterator: IteratorProtocol, Sequence {
    private let histogram: Histogram
    private let ticksPerHalfDistance: Int
    private let total: Int64
    private var index = 0
    private var countToIndex: Int64 = 0
    private var freshIndex = true
    private var levelToIterateTo = 0.0
    private var reachedLastRecordedValue = false

    /// Iterates `histogram`; `ticksPerHalfDistance` is HdrHistogram's `percentileTicksPerHalfDistance` (5 in
    /// its `.hgrm` output).
    public init(_ histogram: Histogram, ticksPerHalfDistance: Int = 5) {
        precondition(ticksPerHalfDistance > 0, "ticksPerHalfDistance must be positive")
        self.histogram = histogram
        self.ticksPerHalfDistance = ticksPerHalfDistance
        total = histogram.totalCount
    }

    public mutating func next() -> PercentileStep? {
        if countToIndex >= total {
            // One extra step to exactly 100%, reported at the last recorded bucket.
            guard !reachedLastRecordedValue, total > 0 else { return nil }
            levelToIterateTo = 100
            reachedLastRecordedValue = true
        }
        let counts = histogram.counts
        while index < counts.count {
            let count = counts[index]
            if freshIndex {
                countToIndex += count
                freshIndex = false
            }
            if count != 0, 100 * Double(countToIndex) / Double(total) >= levelToIterateTo {
                let step = PercentileStep(
                    value: histogram.highestEquivalentValue(histogram.valueFromIndex(index)),
                    percentileLevel: levelToIterateTo, totalCount: countToIndex)
                advanceLevel()
                return step
            }
            index += 1
            freshIndex = true
        }
        return nil
    }

    private mutating func advanceLevel() {
        // After the 100% step the iteration is over; Java's log of 100/0 would be infinite here.
        guard levelToIterateTo < 100 else { return }
        // Java: ticks * (long) Math.pow(2, (long) (Math.log(100 / (100 - level)) / Math.log(2)) + 1). The
        // product is a small integer times a power of two, so computing it in Double is exact.
        let halvings = Int64(log(100.0 / (100.0 - levelToIterateTo)) / log(2.0))
        let ticks = Double(ticksPerHalfDistance) * pow(2.0, Double(halvings + 1))
        levelToIterateTo += 100.0 / ticks
    }
}
