/// What a histogram knows beyond its counts: the exact minimum, maximum, sum and overflow of the values
/// recorded. The V2 encoding keeps only the counts, so a decoded histogram's extremes and mean stand at bucket
/// edges; kept beside the encoding, these make a decoded histogram equal to the one that was recorded, and
/// histograms merged from files equal to one recorded from all the values.
public struct HistogramExtras: Sendable, Equatable, Codable {
    public var min: Int64
    public var max: Int64
    public var sum: Double
    public var overflow: Int64

    public init(min: Int64, max: Int64, sum: Double, overflow: Int64) {
        self.min = min
        self.max = max
        self.sum = sum
        self.overflow = overflow
    }
}

extension Histogram {
    /// This histogram's exact extremes, sum and overflow.
    public var extras: HistogramExtras { HistogramExtras(min: minValue, max: maxValue, sum: sum, overflow: overflowCount) }

    /// Puts back the exact extremes, sum and overflow of the histogram this one was decoded from.
    public mutating func restore(_ extras: HistogramExtras) {
        minValue = extras.min
        maxValue = extras.max
        sum = extras.sum
        overflowCount = extras.overflow
    }
}
