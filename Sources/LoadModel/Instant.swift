/// A point in time on a monotonic clock, in integer nanoseconds since an arbitrary origin.
///
/// LoadModel never reads a clock: instants come in as parameters, so every decision is reproducible.
public struct Instant: Hashable, Comparable, Sendable {
    /// Nanoseconds since the clock's origin (for a run: since the run started).
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The origin of the clock.
    public static let zero = Instant(nanoseconds: 0)

    public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

    /// The instant `span` after this one.
    public static func + (a: Instant, b: Span) -> Instant { Instant(nanoseconds: a.nanoseconds &+ b.nanoseconds) }

    /// The span from `b` to `a` (negative when `a` is earlier).
    public static func - (a: Instant, b: Instant) -> Span { Span(nanoseconds: a.nanoseconds &- b.nanoseconds) }
}

/// A span of time in integer nanoseconds; a latency, a delay or a duration, never a point in time.
public struct Span: Hashable, Comparable, Sendable {
    /// Length in nanoseconds.
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = Span(nanoseconds: 0)
    public static func milliseconds(_ ms: Double) -> Span { Span(nanoseconds: Int64(saturating: ms * 1_000_000)) }
    public static func seconds(_ s: Double) -> Span { Span(nanoseconds: Int64(saturating: s * 1_000_000_000)) }
    public static func hours(_ h: Double) -> Span { Span(nanoseconds: Int64(saturating: h * 3_600_000_000_000)) }

    /// Length in (fractional) milliseconds, for display.
    public var milliseconds: Double { Double(nanoseconds) / 1_000_000 }
    /// Length in (fractional) seconds, for display.
    public var seconds: Double { Double(nanoseconds) / 1_000_000_000 }

    public static func < (a: Span, b: Span) -> Bool { a.nanoseconds < b.nanoseconds }
    public static func + (a: Span, b: Span) -> Span { Span(nanoseconds: a.nanoseconds &+ b.nanoseconds) }
    public static func - (a: Span, b: Span) -> Span { Span(nanoseconds: a.nanoseconds &- b.nanoseconds) }
    public static func * (a: Span, k: Double) -> Span { Span(nanoseconds: Int64(saturating: Double(a.nanoseconds) * k)) }
}

extension Int64 {
    /// The nearest Int64 toward zero, clamped to the type's range; NaN gives 0. A conversion that can never trap,
    /// for numbers that come from users, files or servers.
    public init(saturating d: Double) {
        if d.isNaN { self = 0 } else if d >= 9.223372036854775e18 { self = .max } else if d <= -9.223372036854775e18 { self = .min } else { self = Int64(d) }
    }
}
