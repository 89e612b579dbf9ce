import Foundation
import Testing
@testable import HdrHistogram

/// Writes `.hgrm` and `.hlog` fixtures for scripts/check-hdr-formats, which reads them with the Python (and,
/// where installed, Java) HdrHistogram. Does nothing unless CANCELBENCH_HDR_FIXTURES names a folder, so a plain
/// `swift test` needs no Python.
@Suite struct HdrFixtureExport {
    /// The value sets the script checks, by name: each becomes NAME.values (input), NAME.hgrm (ours),
    /// NAME.summary (our total count, p50, p90, p99, p99.9 and max in nanoseconds) and one tagged series in
    /// intervals.hlog.
    static let valueSets: [(name: String, values: [Int64])] = [
        ("known", HdrGolden.knownValues),
        // Coordinated omission corrected: 1 ms every 10 ms, then a 100 s stall backfilled at 10 ms steps.
        ("corrected", {
            var h = [Int64](repeating: 1_000_000, count: 10_000)
            h += stride(from: Int64(100_000_000_000), through: 10_000_000, by: -10_000_000)
            return h
        }()),
        // A wide spread: 1 µs to about 40 s, geometric, with repeats.
        ("wide", (0..<5_000).map { Int64(1_000 * pow(1.003, Double($0 % 3_600))) }),
    ]

    @Test func exportForTheReferenceCheck() throws {
        guard let folder = ProcessInfo.processInfo.environment["CANCELBENCH_HDR_FIXTURES"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The text HistogramLogWriter (in Reports) writes, byte for byte: the header with the start as base time,
        // then the interval lines (ReportsTests checks the writer against this format).
        let start = Date()
        var hlog = HistogramLogFormat.header(startTime: start, baseTime: start)
        for (name, values) in Self.valueSets {
            var h = Histogram()
            for v in values { h.record(v) }
            try values.map(String.init).joined(separator: "\n").write(toFile: "\(folder)/\(name).values", atomically: true, encoding: .utf8)
            try PercentileDistribution.text(h).write(toFile: "\(folder)/\(name).hgrm", atomically: true, encoding: .utf8)
            let summary = [h.totalCount] + [50, 90, 99, 99.9].map { h.value(atPercentile: $0) } + [h.maxEquivalentValue]
            try summary.map(String.init).joined(separator: " ").write(toFile: "\(folder)/\(name).summary", atomically: true, encoding: .utf8)
            // Three intervals per set: the whole set, an empty second, the whole set again.
            for (second, histogram) in [h, Histogram(), h].enumerated() {
                hlog += HistogramLogFormat.intervalLine(histogram, tag: name, startNanoseconds: Int64(second) * 1_000_000_000,
                                                        lengthNanoseconds: 1_000_000_000)
            }
        }
        try hlog.write(toFile: "\(folder)/intervals.hlog", atomically: true, encoding: .utf8)
    }
}
