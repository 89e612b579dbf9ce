import LoadModel

/// Exchanges completed and exchanges in flight over a run, in fixed-width time buckets, built one exchange at
/// a time so requests.csv never has to be held in memory.
public struct Timeline: Sendable {
    /// Width of one bucket, nanoseconds.
    public private(set) var bucketWidth: Int64
    /// `completed[op][b]`: exchanges of operation `op` (in `OperationKind.allCases` order) that completed in bucket b.
    public private(set) var completed: [[Int]]
    /// `busy[b]`: nanoseconds of exchange time that fall in bucket b (sum over exchanges of their overlap);
    /// divided by the width it is the mean number of exchanges in flight.
    public private(set) var busy: [Int64]
    /// `latency[b]`: the sum of the latencies (start to completion, ns) of the exchanges completed in bucket b;
    /// divided by their number it is the bucket's mean latency.
    public private(set) var latency: [Int64]
    /// Buckets beyond this are refused: a garbled timestamp must not allocate gigabytes.
    static let maxBuckets = 4_000_000

    public init(bucketWidth: Int64) {
        precondition(bucketWidth > 0, "bucket width must be positive")
        self.bucketWidth = bucketWidth
        completed = Array(repeating: [], count: OperationKind.allCases.count)
        busy = []
        latency = []
    }

    /// A bucket width for a run of this length: 1 s for runs of a minute or more, finer (down to 10 ms) for
    /// shorter runs, so they get 30 to 60 buckets: enough to show a shape, few enough that each bucket holds
    /// more than a handful of exchanges.
    public static func bucketWidth(forElapsedSeconds seconds: Double) -> Int64 {
        let widths: [Int64] = [10_000_000, 20_000_000, 50_000_000, 100_000_000, 200_000_000, 500_000_000]
        for w in widths where seconds * 1e9 / Double(w) <= 60 { return w }
        return 1_000_000_000
    }

    /// The number of buckets so far.
    public var count: Int { busy.count }

    /// Records one exchange: its operation (index into `OperationKind.allCases`), start and completion (ns).
    /// Returns false, recording nothing, when the times are negative or absurdly far out.
    @discardableResult
    public mutating func record(op: Int, started: Int64, completed end: Int64) -> Bool {
        let start = min(started, end)
        guard start >= 0, end / bucketWidth < Int64(Self.maxBuckets) else { return false }
        let last = Int(end / bucketWidth)
        grow(to: last + 1)
        completed[op][last] += 1
        latency[last] &+= end - start
        // Spread the exchange's time over the buckets it spans; most exchanges fit in one or two.
        var b = Int(start / bucketWidth)
        var from = start
        while b <= last {
            let bucketEnd = Int64(b + 1) * bucketWidth
            busy[b] += min(end, bucketEnd) - from
            from = bucketEnd
            b += 1
        }
        return true
    }

    private mutating func grow(to n: Int) {
        guard n > busy.count else { return }
        let extra = max(n - busy.count, busy.count / 2)
        busy.append(contentsOf: repeatElement(0, count: extra))
        latency.append(contentsOf: repeatElement(0, count: extra))
        for i in completed.indices { completed[i].append(contentsOf: repeatElement(0, count: extra)) }
    }

    /// Drops empty buckets after the last one used (left over from growing by more than needed).
    public mutating func trim() {
        var n = busy.count
        while n > 0, busy[n - 1] == 0, completed.allSatisfy({ $0[n - 1] == 0 }) { n -= 1 }
        busy.removeLast(busy.count - n)
        latency.removeLast(latency.count - n)
        for i in completed.indices { completed[i].removeLast(completed[i].count - n) }
    }

    /// The same timeline with every `factor` adjacent buckets merged, so a long run draws as a few hundred points.
    public func coarsened(by factor: Int) -> Timeline {
        guard factor > 1 else { return self }
        var t = Timeline(bucketWidth: bucketWidth * Int64(factor))
        let n = (busy.count + factor - 1) / factor
        t.busy = (0..<n).map { i in busy[(i * factor)..<min(busy.count, (i + 1) * factor)].reduce(0, +) }
        t.latency = (0..<n).map { i in latency[(i * factor)..<min(latency.count, (i + 1) * factor)].reduce(0, &+) }
        t.completed = completed.map { series in
            (0..<n).map { i in series[(i * factor)..<min(series.count, (i + 1) * factor)].reduce(0, +) }
        }
        return t
    }

    /// Exchanges of one operation completed per second in each bucket.
    public func ratePerSecond(op: Int) -> [Double] {
        let scale = 1e9 / Double(bucketWidth)
        return completed[op].map { Double($0) * scale }
    }

    /// Mean latency (start to completion) of the exchanges completed in each bucket, milliseconds; 0 where none.
    public var meanLatencyMilliseconds: [Double] {
        latency.indices.map { b in
            let n = completed.reduce(0) { $0 + $1[b] }
            return n == 0 ? 0 : Double(latency[b]) / Double(n) / 1e6
        }
    }

    /// Mean exchanges in flight in each bucket.
    public var meanInFlight: [Double] { busy.map { Double($0) / Double(bucketWidth) } }
}
