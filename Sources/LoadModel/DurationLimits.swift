/// The accepted range of each duration flag: wide enough for any real run, narrow enough that no value
/// overflows a nanosecond clock or slips under a timer's resolution (libcurl's timeouts are whole milliseconds).
public enum DurationLimits {
    /// Request timeouts: libcurl counts whole milliseconds, and 0 would switch its timeout off.
    public static let requestTimeout = Span.milliseconds(1)...Span.hours(1)
    public static let pollInterval = Span.milliseconds(1)...Span.hours(1)
    /// Job timeouts and cancel deadlines: real jobs may run for days.
    public static let jobTimeout = Span.milliseconds(1)...Span.hours(24 * 7)
    /// A run's length.
    public static let runLength = Span.milliseconds(1)...Span.hours(24 * 30)
    public static let raceJitter = Span.zero...Span.hours(1)
    /// The reference target's header and idle timeouts (its timers tick in milliseconds).
    public static let serverTimeout = Span.milliseconds(1)...Span.hours(24)
    /// The reference target's delays.
    public static let simulated = Span.zero...Span.hours(24)
}
