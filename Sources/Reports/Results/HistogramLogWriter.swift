import Foundation
import HdrHistogram
import LoadModel
import Synchronization

/// Appends interval histograms to an `.hlog` file as a run goes (a run calls it once a second with each
/// operation's interval histogram), so a crashed or interrupted run still leaves every finished interval.
///
/// Safe to call from any thread: appends are serialized, and each line is written whole.
public final class HistogramLogWriter: Sendable {
    /// The file being written.
    public let path: String
    /// What interval maxima (nanoseconds) are divided by; 1,000,000 writes milliseconds.
    public let maxValueUnitRatio: Double
    private let handle: Mutex<OutputFile?>

    /// Creates (or truncates) the file and writes the header. Interval start instants are on the run clock,
    /// whose zero is `startTime`, which is written as both the start time and the base time.
    public init(path: String, startTime: Date, maxValueUnitRatio: Double = 1_000_000) throws(WriteFailure) {
        self.path = path
        self.maxValueUnitRatio = maxValueUnitRatio
        let file = try OutputFile(path: path)
        file.write(HistogramLogFormat.header(startTime: startTime, baseTime: startTime))
        if let failure = file.failure { throw failure }
        handle = Mutex(file)
    }

    /// Appends one interval line per histogram, in the order given; empty histograms are written too, so
    /// a reader sees that the interval happened and had no samples.
    ///
    /// - Parameters:
    ///   - histograms: tag and histogram pairs, e.g. `[("submit", s), ("status", t), ("cancel", c)]`.
    ///   - start: the interval's start on the run clock.
    ///   - length: the interval's length.
    public func append(_ histograms: [(tag: String, histogram: Histogram)], start: Instant, length: Span) throws(WriteFailure) {
        let text = histograms.map {
            HistogramLogFormat.intervalLine($0.histogram, tag: $0.tag, startNanoseconds: start.nanoseconds,
                                            lengthNanoseconds: length.nanoseconds, maxValueUnitRatio: maxValueUnitRatio)
        }.joined()
        try handle.withLock { (file: inout OutputFile?) throws(WriteFailure) in
            guard let file else { throw WriteFailure(path: path, reason: "written after close") }
            file.write(text)
            if let failure = file.failure { throw failure }
        }
    }

    /// Closes the file; throws the first failed write. Later appends throw.
    public func close() throws(WriteFailure) {
        try handle.withLock { (file: inout OutputFile?) throws(WriteFailure) in
            defer { file = nil }
            try file?.close()
        }
    }
}
