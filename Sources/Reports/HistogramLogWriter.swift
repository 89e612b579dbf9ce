import Foundation
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
    private let handle: Mutex<FileHandle?>

    /// Creates (or truncates) the file and writes the header. Interval start instants are on the run clock,
    /// whose zero is `startTime`, which is written as both the start time and the base time.
    public init(path: String, startTime: Date, maxValueUnitRatio: Double = 1_000_000) throws {
        self.path = path
        self.maxValueUnitRatio = maxValueUnitRatio
        let header = HistogramLogFormat.header(startTime: startTime, baseTime: startTime)
        guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try file.seekToEnd()
        handle = Mutex(file)
    }

    /// Appends one interval line per histogram, in the order given; empty histograms are written too, so
    /// a reader sees that the interval happened and had no samples.
    ///
    /// - Parameters:
    ///   - histograms: tag and histogram pairs, e.g. `[("submit", s), ("status", t), ("cancel", c)]`.
    ///   - start: the interval's start on the run clock.
    ///   - length: the interval's length.
    public func append(_ histograms: [(tag: String, histogram: Histogram)], start: Instant, length: Span) throws {
        let text = histograms.map {
            HistogramLogFormat.intervalLine($0.histogram, tag: $0.tag, start: start, length: length,
                                            maxValueUnitRatio: maxValueUnitRatio)
        }.joined()
        try handle.withLock { file in
            guard let file else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            try file.write(contentsOf: Data(text.utf8))
        }
    }

    /// Flushes and closes the file; later appends throw.
    public func close() throws {
        try handle.withLock { file in
            try file?.synchronize()
            try file?.close()
            file = nil
        }
    }
}
