/// A latency histogram with HdrHistogram's bucket layout: integer values (nanoseconds), a fixed number of
/// significant decimal digits, O(1) recording and merging by addition.
///
/// The layout (unit magnitude, sub-bucket count, counts index) follows HdrHistogram exactly, so counts can be
/// exported in its formats and percentiles agree with its implementations. Not thread-safe by design: each
/// worker records into its own histogram and they are merged at the end.
public struct Histogram: Sendable {
    public let lowestDiscernibleValue: Int64
    public let highestTrackableValue: Int64
    public let significantDigits: Int
    let unitMagnitude: Int
    let subBucketHalfCountMagnitude: Int
    let subBucketCount: Int
    let subBucketHalfCount: Int
    let subBucketMask: Int64
    let leadingZeroCountBase: Int
    public private(set) var counts: [Int64]
    public private(set) var totalCount: Int64 = 0
    /// Values recorded above `highestTrackableValue`: counted here rather than dropped silently.
    public internal(set) var overflowCount: Int64 = 0
    public internal(set) var minValue: Int64 = .max
    public internal(set) var maxValue: Int64 = 0
    var sum: Double = 0
    /// HdrHistogram's bucket count (the footer of a `.hgrm` file prints it).
    public let bucketCount: Int

    /// Defaults: 1 ns to 1 h in nanoseconds, 3 significant digits (about 45 k counters, 360 KB).
    public init(lowest: Int64 = 1, highest: Int64 = 3_600_000_000_000, significantDigits: Int = 3) {
        precondition(lowest >= 1 && highest >= 2 * lowest && (1...5).contains(significantDigits), "invalid histogram range")
        lowestDiscernibleValue = lowest
        highestTrackableValue = highest
        self.significantDigits = significantDigits
        let largestSingleUnit = 2 * Int64(pow10(significantDigits))
        unitMagnitude = 63 - lowest.leadingZeroBitCount
        let subBucketCountMagnitude = 64 - (largestSingleUnit - 1).leadingZeroBitCount
        subBucketHalfCountMagnitude = max(subBucketCountMagnitude, 1) - 1
        subBucketCount = 1 << (subBucketHalfCountMagnitude + 1)
        subBucketHalfCount = subBucketCount / 2
        subBucketMask = Int64(subBucketCount - 1) << unitMagnitude
        var smallestUntrackable = Int64(subBucketCount) << unitMagnitude
        var buckets = 1
        while smallestUntrackable <= highest {
            if smallestUntrackable > Int64.max / 2 { buckets += 1; break }
            smallestUntrackable <<= 1
            buckets += 1
        }
        bucketCount = buckets
        counts = Array(repeating: 0, count: (buckets + 1) * subBucketHalfCount)
        leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1
    }

    /// Records one value (negative values count as 0).
    @inline(__always)
    public mutating func record(_ value: Int64, count: Int64 = 1) {
        let v = max(0, value)
        guard v <= highestTrackableValue else { overflowCount += count; return }
        counts[countsIndex(v)] += count
        totalCount += count
        minValue = min(minValue, v)
        maxValue = max(maxValue, v)
        sum += Double(v) * Double(count)
    }

    /// Records a value and, like HdrHistogram's `recordValueWithExpectedInterval`, the values a stalled
    /// recorder would have missed: value − interval, value − 2·interval, … down to the interval.
    public mutating func record(_ value: Int64, expectedInterval: Int64) {
        record(value)
        guard expectedInterval > 0, value > expectedInterval else { return }
        var missing = value - expectedInterval
        while missing >= expectedInterval {
            record(missing)
            missing -= expectedInterval
        }
    }

    /// Adds another histogram's counts; both must share a layout.
    public mutating func add(_ other: Histogram) {
        precondition(other.counts.count == counts.count && other.unitMagnitude == unitMagnitude, "histogram layouts differ")
        for i in counts.indices where other.counts[i] != 0 { counts[i] += other.counts[i] }
        totalCount += other.totalCount
        overflowCount += other.overflowCount
        minValue = min(minValue, other.minValue)
        maxValue = max(maxValue, other.maxValue)
        sum += other.sum
    }

    /// Adds `count` to the counter at `index`, for decoders that rebuild a histogram from its counts.
    ///
    /// The raw values are gone, so min, max and the sum take the bucket's lowest, highest and median
    /// equivalent values: what HdrHistogram itself reports for a decoded histogram.
    mutating func addCount(_ count: Int64, atIndex index: Int) {
        guard count > 0 else { return }
        let v = valueFromIndex(index)
        counts[index] += count
        totalCount += count
        minValue = min(minValue, lowestEquivalentValue(v))
        maxValue = max(maxValue, highestEquivalentValue(v))
        sum += Double(medianEquivalentValue(v)) * Double(count)
    }

    /// The mean of recorded values (exact, not bucketed); 0 when empty.
    public var mean: Double { totalCount == 0 ? 0 : sum / Double(totalCount) }

    /// The value at a percentile (0–100), as HdrHistogram reports it: the highest value equivalent to the
    /// bucket holding that rank. 0 when empty.
    public func value(atPercentile p: Double) -> Int64 {
        guard totalCount > 0 else { return 0 }
        let percentile = min(max(p, 0), 100)
        let target = max(1, Int64((percentile / 100 * Double(totalCount)).rounded(.toNearestOrAwayFromZero)))
        var running: Int64 = 0
        for i in counts.indices where counts[i] != 0 {
            running += counts[i]
            if running >= target {
                let v = valueFromIndex(i)
                return percentile == 0 ? lowestEquivalentValue(v) : min(highestEquivalentValue(v), maxValue)
            }
        }
        return maxValue
    }

    @inline(__always)
    func countsIndex(_ v: Int64) -> Int {
        let bucket = leadingZeroCountBase - (v | subBucketMask).leadingZeroBitCount
        let subBucket = Int(v >> Int64(bucket + unitMagnitude))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + (subBucket - subBucketHalfCount)
    }

    func valueFromIndex(_ index: Int) -> Int64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 { subBucket -= subBucketHalfCount; bucket = 0 }
        return Int64(subBucket) << Int64(bucket + unitMagnitude)
    }

    /// The size of the range of values that share `v`'s bucket.
    public func sizeOfEquivalentRange(_ v: Int64) -> Int64 {
        let bucket = leadingZeroCountBase - (v | subBucketMask).leadingZeroBitCount
        let subBucket = Int(v >> Int64(bucket + unitMagnitude))
        let adjusted = subBucket >= subBucketCount ? bucket + 1 : bucket
        return Int64(1) << Int64(unitMagnitude + adjusted)
    }

    public func lowestEquivalentValue(_ v: Int64) -> Int64 {
        let bucket = leadingZeroCountBase - (v | subBucketMask).leadingZeroBitCount
        let subBucket = Int64(v >> Int64(bucket + unitMagnitude))
        return subBucket << Int64(bucket + unitMagnitude)
    }

    public func highestEquivalentValue(_ v: Int64) -> Int64 { lowestEquivalentValue(v) + sizeOfEquivalentRange(v) - 1 }

    /// The middle of `v`'s bucket: HdrHistogram's stand-in for every value counted there.
    public func medianEquivalentValue(_ v: Int64) -> Int64 { lowestEquivalentValue(v) + (sizeOfEquivalentRange(v) >> 1) }
}

private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }
