/// Parses durations: `250ms`, `10s`, `1.5m`, `1h`, `800us`.
public enum DurationText {
    /// The duration `text` says, or nil when it is not one; a value beyond 64-bit nanoseconds (about 292
    /// years) comes back as `Span(nanoseconds: .max)`, so a range check refuses it instead of a crash.
    public static func parse(_ text: String) -> Span? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        for (suffix, scale) in units.sorted(by: { $0.0.count > $1.0.count }) where text.hasSuffix(suffix) {
            guard let n = Double(text.dropLast(suffix.count)), n >= 0, n.isFinite else { return nil }
            let ns = n * scale
            return Span(nanoseconds: ns < 9.2e18 ? Int64(ns) : .max)
        }
        return nil
    }

    /// Parses and checks a duration for `flag`: the message names the flag and the accepted range.
    public static func parse(_ text: String, flag: String, in range: ClosedRange<Span>) throws(UsageError) -> Span {
        let expected = "from \(exact(range.lowerBound)) to \(exact(range.upperBound))"
        guard let span = parse(text) else {
            throw UsageError("\(flag): expected a duration such as 500ms, 10s or 2m (\(expected)), found '\(text)'")
        }
        guard range.contains(span) else {
            let why = span < range.lowerBound && span.nanoseconds > 0 && range.lowerBound.nanoseconds >= 1_000_000
                ? "is below the \(exact(range.lowerBound)) resolution of this timer" : "is out of range"
            throw UsageError("\(flag): '\(text)' \(why); expected a duration \(expected)")
        }
        return span
    }

    /// A duration in the largest unit that keeps it exact: `20ms`, `1500us`, `10s`.
    public static func exact(_ span: Span) -> String {
        let ns = span.nanoseconds
        for (unit, scale) in [("h", Int64(3_600_000_000_000)), ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000)]
            where ns != 0 && ns % scale == 0 {
            return "\(ns / scale)\(unit)"
        }
        return "\(ns)ns"
    }
}
