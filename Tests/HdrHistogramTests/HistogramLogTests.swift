import Foundation
import Testing
@testable import HdrHistogram

@Suite struct HistogramLogTests {
    /// 2015-09-09 15:24:39.474 UTC, the start time in HdrHistogram's own example log.
    static let start = Date(timeIntervalSince1970: 1_441_812_279.474)

    @Test func headerFollowsJavasLayout() {
        #expect(HistogramLogFormat.header(startTime: Self.start, baseTime: Self.start) == """
            #[Histogram log format version 1.3]
            #[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]
            #[BaseTime: 1441812279.474 (seconds since epoch)]
            "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"

            """)
        #expect(!HistogramLogFormat.header(startTime: Self.start, baseTime: nil).contains("BaseTime"))
    }

    @Test(arguments: [
        // A tagged line: Tag=NAME, then start and length in seconds, max in milliseconds, the histogram.
        ("cancel" as String?, "Tag=cancel,2.000,1.000,12.591,HISTFAAA"),
        // An untagged line starts with the timestamp.
        (nil, "2.000,1.000,12.591,HISTFAAA"),
    ])
    func intervalLineLayout(tag: String?, prefix: String) {
        var h = Histogram()
        h.record(12_582_912)  // the max is written as its bucket's highest value: 12,591,103 ns
        let line = HistogramLogFormat.intervalLine(h, tag: tag, startNanoseconds: 2_000_000_000,
                                                   lengthNanoseconds: 1_000_000_000)
        #expect(line.hasPrefix(prefix), "\(line)")
        #expect(line.hasSuffix("\n"))
    }

    @Test(arguments: [
        // Plain operation names are fine.
        ("submit", true),
        // Commas and whitespace would break the comma-separated line.
        ("a,b", false), ("a b", false), ("", false),
    ])
    func tagsMayNotHoldDelimiters(tag: String, valid: Bool) {
        #expect(HistogramLogFormat.isValidTag(tag) == valid)
    }

    /// A log as `HistogramLogWriter` (in Reports) writes one: the header with the start as base time, then one
    /// line per histogram per interval. ReportsTests checks that the writer's file is exactly this text.
    @Test func intervalsReadBack() throws {
        var submit = Histogram(), cancel = Histogram()
        for v in HdrGolden.knownValues { submit.record(v) }
        cancel.record(2_000_000)
        var text = HistogramLogFormat.header(startTime: Self.start, baseTime: Self.start)
        for second in 0..<3 {
            for (tag, h) in [("submit", submit), ("status", Histogram()), ("cancel", cancel)] {
                text += HistogramLogFormat.intervalLine(h, tag: tag, startNanoseconds: Int64(second) * 1_000_000_000,
                                                        lengthNanoseconds: 1_000_000_000)
            }
        }
        let log = try HistogramLogReader.parse(text)
        #expect(log.startTime == 1_441_812_279.474 && log.baseTime == 1_441_812_279.474)
        #expect(log.intervals.map(\.tag) == Array(repeating: ["submit", "status", "cancel"], count: 3).flatMap { $0 })
        #expect(log.intervals.map(\.startSeconds) == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        #expect(log.intervals[0].histogram.counts == submit.counts)
        #expect(log.intervals[0].maxInOutputUnits == 909.640)
        #expect(log.intervals[1].histogram.totalCount == 0)
        // Decoded histograms know buckets, not raw values: like HdrHistogram they report the bucket's highest value.
        #expect(log.intervals[2].histogram.value(atPercentile: 50) == cancel.highestEquivalentValue(2_000_000))
    }

    @Test func readerNamesTheBadLine() {
        let text = "#[Histogram log format version 1.3]\n0.000,1.000,1.000,HISTFAAAAP8=\n"
        #expect(throws: HistogramLogError(line: 2, reason: .badHistogram(.truncated))) {
            try HistogramLogReader.parse(text)
        }
    }
}
