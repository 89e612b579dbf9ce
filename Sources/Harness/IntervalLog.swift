import Foundation
import HdrHistogram
import LoadModel
import Reports

/// Per-second latency histograms by operation, appended to `latency.hlog` as the run goes (HdrHistogram's
/// interval log, so its plotters and readers load it) and dropped once written: memory does not grow with
/// the run's length.
struct IntervalLog {
    private let writer: HistogramLogWriter?
    /// The first failed write of latency.hlog, if any: the run stops on it.
    private(set) var failure: WriteFailure?
    /// This interval's histogram of each operation, in `OperationKind.allCases` order (nil: none yet).
    private var current: [Histogram?] = OperationKind.allCases.map { _ in nil }
    private var intervalStart: Int64 = 0
    /// One tag for every interval instead of the operation's name (`attack` has a single operation).
    private let tag: String?
    static let length: Int64 = 1_000_000_000

    /// Opens `latency.hlog` in `directory`.
    init(directory: String, tag: String? = nil) throws(WriteFailure) {
        self.tag = tag
        writer = try HistogramLogWriter(path: directory + "/latency.hlog", startTime: Date())
    }

    /// Records one exchange's corrected latency, completed at `t` ns since the run started.
    mutating func record(_ kind: OperationKind, latency: Int64, at t: Int64) {
        guard writer != nil else { return }
        roll(to: t)
        let k = Self.index(kind)
        if current[k] == nil { current[k] = Histogram() }
        current[k]!.record(latency)
    }

    /// Writes the intervals that ended before `t`.
    mutating func roll(to t: Int64) {
        while t >= intervalStart + Self.length { flush(length: Self.length) }
    }

    /// Writes what is left, as a last (possibly short) interval ending at `t`.
    mutating func finish(at t: Int64) {
        roll(to: t)
        flush(length: max(1, t - intervalStart))
        do { try writer?.close() } catch { failure = failure ?? error }
    }

    private mutating func flush(length: Int64) {
        let tagged = OperationKind.allCases.compactMap { k in current[Self.index(k)].map { (tag: tag ?? k.rawValue, histogram: $0) } }
        if !tagged.isEmpty, failure == nil {
            do { try writer?.append(tagged, start: Instant(nanoseconds: intervalStart), length: Span(nanoseconds: length)) } catch { failure = error }
        }
        for k in current.indices { current[k] = nil }
        intervalStart += length
    }

    /// The place of `kind` in `OperationKind.allCases`.
    static func index(_ kind: OperationKind) -> Int {
        switch kind {
        case .submit: return 0
        case .status: return 1
        case .cancel: return 2
        }
    }
}
