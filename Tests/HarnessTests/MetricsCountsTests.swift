import LoadModel
import Reports
import Testing
@testable import Harness

/// The recorder's counts for `/metrics`: status classes and histogram buckets at their edges.
@Suite struct MetricsCountsTests {
    static func exchange(_ kind: OperationKind = .status, status: Int = 200, latencyNs: Int64 = 1_000) -> ExchangeRecord {
        ExchangeRecord(seq: 0, job: 0, jobId: "j", kind: kind, idUse: .job, cancelPoint: .queued, method: "GET", path: "/",
                       intended: 0, started: 0, sent: 0, completed: latencyNs, httpStatus: status, outcome: status == 200 ? .ok : .info,
                       transportError: status == 0 ? "timeout" : "", bytesOut: 0, bytesIn: 0, newConnections: 0, apiStatus: "", state: "")
    }

    @Test(arguments: [
        (200, "2xx"), // ok
        (204, "2xx"), // any 2xx
        (302, "3xx"), // a redirect, not followed
        (404, "4xx"), // a definite failure
        (503, "5xx"), // a server error
        (0, "none"),  // no HTTP answer (timeout, reset)
        (101, "none"), // outside 2xx–5xx: never a final answer libcurl hands back
    ])
    func statusClass(status: Int, expected: String) {
        #expect(MetricsCounts.classes[MetricsCounts.classIndex(status)] == expected)
    }

    @Test(arguments: [
        (0, 0),                // 0 s: the first bucket (0.0001)
        (100_000, 0),          // exactly 100 µs: le is inclusive
        (100_001, 1),          // just above: the 250 µs bucket
        (1_000_000_000, 12),   // exactly 1 s
        (60_000_000_000, 17),  // exactly 60 s: the last finite bucket
        (60_000_000_001, 18),  // above 60 s: only +Inf
    ] as [(Int64, Int)])
    func bucketEdges(latencyNs: Int64, firstBucket: Int) {
        var counts = MetricsCounts()
        counts.record(Self.exchange(latencyNs: latencyNs))
        let cumulative = counts.cumulativeBuckets(.status)
        #expect(cumulative.count == MetricsCounts.bucketSeconds.count + 1)
        #expect(cumulative.firstIndex(of: 1) == firstBucket)
        #expect(cumulative.last == 1 && counts.cumulativeBuckets(.submit).last == 0)
        #expect(counts.latencySumNs[MetricsCounts.opIndex(.status)] == latencyNs)
    }

    @Test func cancelsCountByPointAndViolationsByInvariant() {
        var counts = MetricsCounts()
        counts.record(Self.exchange(.cancel))
        counts.record(Self.exchange(.cancel, status: 0))
        counts.record(Self.exchange(.status))
        counts.record(violation: .noDoubleRefund)
        counts.record(violation: .recovery, count: 0)
        #expect(counts.cancelsByPoint == [.queued: 2])
        #expect(counts.violationsByInvariant == [.noDoubleRefund: 1])
        #expect(counts.exchanges(.cancel, classIndex: 0) == 1 && counts.exchanges(.cancel, classIndex: 4) == 1)
    }
}
