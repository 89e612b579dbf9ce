import Foundation
import HdrHistogram
import LoadModel
import Testing
@testable import Reports

/// The writer is file handling around `HistogramLogFormat` (tested with the reader in HdrHistogramTests): its file
/// must be exactly the format's header and interval lines, and must read back.
@Suite struct HistogramLogWriterTests {
    /// 2015-09-09 15:24:39.474 UTC, the start time in HdrHistogram's own example log.
    static let start = Date(timeIntervalSince1970: 1_441_812_279.474)

    @Test func writerAppendsIntervalsThatReadBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hlog-\(UUID().uuidString).hlog").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try HistogramLogWriter(path: path, startTime: Self.start)
        var submit = Histogram(), cancel = Histogram()
        for v: Int64 in [50_000, 1_234_567, 909_640_000] { submit.record(v) }
        cancel.record(2_000_000)
        var expected = HistogramLogFormat.header(startTime: Self.start, baseTime: Self.start)
        for second in 0..<3 {
            let histograms = [("submit", submit), ("status", Histogram()), ("cancel", cancel)]
            try writer.append(histograms, start: Instant(nanoseconds: Int64(second) * 1_000_000_000), length: .seconds(1))
            for (tag, h) in histograms {
                expected += HistogramLogFormat.intervalLine(h, tag: tag, startNanoseconds: Int64(second) * 1_000_000_000,
                                                            lengthNanoseconds: 1_000_000_000)
            }
        }
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected)
        let log = try HistogramLogReader.parse(text)
        #expect(log.startTime == 1_441_812_279.474 && log.baseTime == 1_441_812_279.474)
        #expect(log.intervals.map(\.tag) == Array(repeating: ["submit", "status", "cancel"], count: 3).flatMap { $0 })
        #expect(log.intervals.map(\.startSeconds) == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        #expect(log.intervals[0].histogram.counts == submit.counts)
        #expect(log.intervals[1].histogram.totalCount == 0)
    }

    @Test func appendAfterCloseThrows() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hlog-\(UUID().uuidString).hlog").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try HistogramLogWriter(path: path, startTime: Self.start)
        try writer.close()
        #expect(throws: WriteFailure(path: path, reason: "written after close")) {
            try writer.append([("submit", Histogram())], start: .zero, length: .seconds(1))
        }
    }
}
