import LoadModel
import Reports

/// What `/metrics` counts beyond the run's tally, kept by the recorder on the run loop's thread: exchanges by
/// operation and status class, a fixed-bucket latency histogram per operation, cancels by planned point and
/// violations by invariant. Fixed arrays, so recording an exchange costs a few additions.
struct MetricsCounts: Sendable {
    /// The status classes of `cancelbench_exchanges_total`; `none` is no HTTP answer (or one outside 2xx–5xx).
    static let classes = ["2xx", "3xx", "4xx", "5xx", "none"]
    /// Bucket upper bounds, seconds: job APIs answer from 100 µs (loopback) to a minute (a slow submit).
    static let bucketSeconds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                          1, 2.5, 5, 10, 30, 60]
    /// The same bounds in nanoseconds, for the comparison on the hot path.
    static let bucketNanoseconds: [Int64] = bucketSeconds.map { Int64(($0 * 1e9).rounded()) }

    /// Exchanges by operation (`OperationKind.allCases` order) and class (`classes` order).
    var exchanges = [Int](repeating: 0, count: OperationKind.allCases.count * classes.count)
    /// Latency (corrected, from the intended start) counts per operation and bucket, not cumulative; the
    /// last slot of each operation's row holds the values above 60 s.
    var buckets = [Int](repeating: 0, count: OperationKind.allCases.count * (bucketSeconds.count + 1))
    /// Sum of the recorded latencies per operation, nanoseconds.
    var latencySumNs = [Int64](repeating: 0, count: OperationKind.allCases.count)
    /// Cancel exchanges by the job's planned cancel point.
    var cancelsByPoint: [CancelPoint: Int] = [:]
    /// Violations found, by invariant (the tally's `violations`, split).
    var violationsByInvariant: [Invariant: Int] = [:]

    static func opIndex(_ kind: OperationKind) -> Int {
        switch kind {
        case .submit: 0
        case .status: 1
        case .cancel: 2
        }
    }

    static func classIndex(_ httpStatus: Int) -> Int {
        (200..<600).contains(httpStatus) ? httpStatus / 100 - 2 : 4
    }

    mutating func record(_ e: ExchangeRecord) {
        let op = Self.opIndex(e.kind)
        exchanges[op * Self.classes.count + Self.classIndex(e.httpStatus)] += 1
        let ns = max(0, e.latency)
        var slot = Self.bucketNanoseconds.count
        for (i, bound) in Self.bucketNanoseconds.enumerated() where ns <= bound {
            slot = i
            break
        }
        buckets[op * (Self.bucketSeconds.count + 1) + slot] += 1
        latencySumNs[op] &+= ns
        if e.kind == .cancel { cancelsByPoint[e.cancelPoint, default: 0] += 1 }
    }

    mutating func record(violation invariant: Invariant, count: Int = 1) {
        guard count > 0 else { return }
        violationsByInvariant[invariant, default: 0] += count
    }

    func exchanges(_ kind: OperationKind, classIndex: Int) -> Int { exchanges[Self.opIndex(kind) * Self.classes.count + classIndex] }

    /// The cumulative bucket counts of one operation, `bucketSeconds` order then +Inf.
    func cumulativeBuckets(_ kind: OperationKind) -> [Int] {
        let width = Self.bucketSeconds.count + 1
        let row = buckets[Self.opIndex(kind) * width ..< (Self.opIndex(kind) + 1) * width]
        var total = 0
        return row.map { total += $0; return total }
    }
}
