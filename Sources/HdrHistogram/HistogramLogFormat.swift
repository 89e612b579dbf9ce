import Foundation

/// The text of HdrHistogram's interval log (`.hlog`, format version 1.3), as its Java `HistogramLogWriter`
/// writes it, so `HistogramLogProcessor`, HdrHistogramVisualizer and the Python and Go readers load our logs.
///
/// ```
/// #[Histogram log format version 1.3]
/// #[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]
/// #[BaseTime: 1441812279.474 (seconds since epoch)]
/// "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
/// Tag=submit,0.000,1.000,12.583,HISTFAAAAC94AQ...
/// ```
/// Interval start times are seconds after the base time; the max is in output units (milliseconds by default).
public enum HistogramLogFormat {
    /// The log format version this writes.
    public static let version = "1.3"

    /// The header: version, start time, base time (when given) and the column legend, each line ending in "\n".
    ///
    /// - Parameters:
    ///   - startTime: when the run started (wall clock); written to the millisecond, as Java does.
    ///   - baseTime: what interval timestamps are relative to; nil writes no `BaseTime` line, and readers then
    ///     guess from the first timestamp (absolute if within a year of the start time).
    public static func header(startTime: Date, baseTime: Date?) -> String {
        var out = "#[Histogram log format version \(version)]\n"
        out += "#[StartTime: \(seconds(millis(startTime))) (seconds since epoch), \(javaDate(startTime))]\n"
        if let baseTime { out += "#[BaseTime: \(seconds(millis(baseTime))) (seconds since epoch)]\n" }
        out += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
        return out
    }

    /// One interval line, "\n" included.
    ///
    /// - Parameters:
    ///   - tag: the series name (`submit`, `status`, `cancel`, …); nil for an untagged line. A tag may not
    ///     contain commas or whitespace, which the format uses as delimiters.
    ///   - startNanoseconds: the interval's start, on the run clock that the base time anchors.
    ///   - lengthNanoseconds: the interval's length.
    ///   - maxValueUnitRatio: what the max (nanoseconds) is divided by; 1,000,000 writes milliseconds.
    public static func intervalLine(
        _ histogram: Histogram, tag: String?, startNanoseconds: Int64, lengthNanoseconds: Int64,
        maxValueUnitRatio: Double = 1_000_000
    ) -> String {
        let fields = seconds(Double(startNanoseconds) / 1e9) + "," + seconds(Double(lengthNanoseconds) / 1e9) + ","
            + seconds(Double(histogram.maxEquivalentValue) / maxValueUnitRatio) + ","
            + HistogramEncoding.encodeBase64(histogram) + "\n"
        guard let tag else { return fields }
        precondition(isValidTag(tag), "an .hlog tag may not be empty or contain commas or whitespace")
        return "Tag=\(tag)," + fields
    }

    /// Whether `tag` can stand in a `Tag=` field.
    public static func isValidTag(_ tag: String) -> Bool {
        !tag.isEmpty && !tag.contains { $0 == "," || $0.isWhitespace }
    }

    /// Java's "%.3f" (see `JavaFixedFormat`).
    static func seconds(_ value: Double) -> String { JavaFixedFormat.format(value, precision: 3) }

    /// Seconds since the epoch, cut to whole milliseconds like Java's `long` milliseconds.
    static func millis(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000 }

    /// Java's `Date.toString()` layout ("Wed Sep 09 15:24:39 UTC 2015"), in UTC so logs do not depend on the
    /// machine's zone.
    static func javaDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss 'UTC' yyyy"
        return formatter.string(from: date)
    }
}
