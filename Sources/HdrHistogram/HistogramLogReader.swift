import Foundation

/// One interval read back from an `.hlog` file.
public struct HistogramLogInterval: Sendable {
    /// The line's tag; nil for an untagged line.
    public let tag: String?
    /// The interval's start in seconds, as written (relative to the base time when the log has one).
    public let startSeconds: Double
    /// The interval's length in seconds.
    public let lengthSeconds: Double
    /// The interval's max as written, in the log's output units.
    public let maxInOutputUnits: Double
    /// The decoded histogram.
    public let histogram: Histogram
}

/// Reads `.hlog` interval logs (ours and any HdrHistogram writer's, versions 1.2 and 1.3), so our tools can
/// merge, compare and re-report intervals after a run.
public enum HistogramLogReader {
    /// The parsed log: start and base times (seconds since the epoch, nil when absent) and every interval.
    public struct Log: Sendable {
        public var startTime: Double?
        public var baseTime: Double?
        public var intervals: [HistogramLogInterval] = []
    }

    /// Parses a whole log; comments and the legend are skipped, a malformed interval line throws.
    public static func parse(_ text: String) throws(HistogramLogError) -> Log {
        var log = Log()
        for (number, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("\"StartTimestamp\"") { continue }
            if line.hasPrefix("#") {
                if let seconds = timeField(line, prefix: "#[StartTime:") { log.startTime = seconds }
                if let seconds = timeField(line, prefix: "#[BaseTime:") { log.baseTime = seconds }
                continue
            }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            var tag: String?
            if let first = fields.first, first.hasPrefix("Tag=") {
                tag = String(first.dropFirst(4))
                fields.removeFirst()
            }
            guard fields.count == 4, let start = Double(fields[0]), let length = Double(fields[1]),
                  let max = Double(fields[2]) else { throw HistogramLogError(line: number + 1, reason: .badFields) }
            do {
                let histogram = try HistogramEncoding.decodeBase64(fields[3])
                log.intervals.append(HistogramLogInterval(tag: tag, startSeconds: start, lengthSeconds: length,
                                                          maxInOutputUnits: max, histogram: histogram))
            } catch {
                throw HistogramLogError(line: number + 1, reason: .badHistogram(error))
            }
        }
        return log
    }

    /// The number after `prefix` in "#[StartTime: 1441812279.474 (seconds since epoch), …]".
    private static func timeField(_ line: String, prefix: String) -> Double? {
        guard line.hasPrefix(prefix) else { return nil }
        return line.dropFirst(prefix.count).split(separator: " ").first.flatMap { Double($0) }
    }
}

/// An `.hlog` line that could not be read: its 1-based line number and why.
public struct HistogramLogError: Error, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// Not four comma-separated fields (after an optional tag), or a number that does not parse.
        case badFields
        /// The histogram field does not decode.
        case badHistogram(HistogramDecodingError)
    }

    public let line: Int
    public let reason: Reason
}
