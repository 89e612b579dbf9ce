import Foundation

/// Maps a data interval onto a pixel interval, linearly or by decades, and chooses readable ticks.
public struct ChartScale: Sendable {
    public enum Kind: Sendable {
        case linear
        /// Base-10 logarithmic; the domain must be positive.
        case log
    }

    public let kind: Kind
    public let domain: ClosedRange<Double>
    public let range: ClosedRange<Double>
    /// Whether pixels grow the other way (an SVG y axis grows downwards, data upwards).
    public let flipped: Bool

    public init(_ kind: Kind, domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool = false) {
        precondition(kind == .linear || domain.lowerBound > 0, "a log scale needs a positive domain")
        self.kind = kind
        // A zero-width domain would divide by zero; widen it around the one value.
        if domain.lowerBound == domain.upperBound {
            self.domain = kind == .log ? (domain.lowerBound / 2)...(domain.upperBound * 2) : (domain.lowerBound - 1)...(domain.upperBound + 1)
        } else {
            self.domain = domain
        }
        self.range = range
        self.flipped = flipped
    }

    private func t(_ v: Double) -> Double { kind == .log ? log10(max(v, Double.leastNormalMagnitude)) : v }

    /// The pixel position of a data value (values outside the domain map outside the range).
    public func callAsFunction(_ v: Double) -> Double {
        let f = (t(v) - t(domain.lowerBound)) / (t(domain.upperBound) - t(domain.lowerBound))
        let g = flipped ? 1 - f : f
        return range.lowerBound + g * (range.upperBound - range.lowerBound)
    }

    /// About `count` ticks inside the domain: steps of 1, 2 or 5 × 10ⁿ for linear scales; decades (with 2 and 5
    /// between them when the domain spans fewer than three decades) for log scales.
    public func ticks(count: Int = 5) -> [Double] {
        switch kind {
        case .linear: return Self.niceTicks(domain, count: count)
        case .log:
            let lo = Int(floor(log10(domain.lowerBound))), hi = Int(ceil(log10(domain.upperBound)))
            let mantissas: [Double] = hi - lo < 3 ? [1, 2, 5] : [1]
            var out: [Double] = []
            for e in lo...hi {
                for m in mantissas {
                    let v = m * pow(10, Double(e))
                    if v >= domain.lowerBound * 0.9999 && v <= domain.upperBound * 1.0001 { out.append(v) }
                }
            }
            return out
        }
    }

    /// A step of 1, 2 or 5 × 10ⁿ near span/count.
    public static func niceStep(_ span: Double, count: Int) -> Double {
        guard span > 0, count > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let m = raw / magnitude
        return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * magnitude
    }

    static func niceTicks(_ d: ClosedRange<Double>, count: Int) -> [Double] {
        let step = niceStep(d.upperBound - d.lowerBound, count: count)
        var v = ceil(d.lowerBound / step - 1e-9) * step
        var out: [Double] = []
        while v <= d.upperBound + step * 1e-9 { out.append(abs(v) < step * 1e-9 ? 0 : v); v += step }
        return out
    }

    /// A domain end rounded up to a nice step, so the top tick sits at the top of the axis.
    public static func niceCeiling(_ v: Double, count: Int = 5) -> Double {
        guard v > 0 else { return 1 }
        let step = niceStep(v, count: count)
        return ceil(v / step - 1e-9) * step
    }
}

/// A tick or axis number without needless digits: 0.05, 2, 1500, 2.5k is not used (numbers stay exact).
func tickLabel(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    var s = String(format: "%.6f", v)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}
