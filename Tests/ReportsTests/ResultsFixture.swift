import Foundation
@testable import Reports

/// A small synthetic results folder, written file by file as a run writes them, for report tests.
struct ResultsFixture {
    let directory: String

    init(_ name: String) throws {
        directory = NSTemporaryDirectory() + "cancelbench-tests/\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The fixture's summary.json: a typed `Summary`, encoded as a run encodes it.
    static var summary: String { String(decoding: summaryValue.encoded(), as: UTF8.self) }

    static var summaryValue: Summary {
        let header = Summary.Header(runId: "fixture-1", profile: "beatra", target: "http://127.0.0.1:9/api", model: .closed(concurrency: 8),
                                    jobsRequested: 3, seed: 18446744073709551615, cancelMix: "claim=1", connections: 8,
                                    elapsedSeconds: 2.5, stopReason: nil, command: "cancelbench replay /tmp/x")
        var tally = RunTally()
        tally.jobs = 3
        tally.exchanges = 4
        tally.violations = 1
        var s = Summary(header: header, tally: tally, invariants: [], exitCode: 1, verdictLine: "verdict: FAIL: 1 violations → exit 1",
                        coverage: .init(jobsAccepted: 3, jobsTerminal: 2, minTerminal: 1, invariantsExercised: 2, minInvariants: 2,
                                        errors: [:], shortfalls: []),
                        judged: nil, notes: [], thresholds: nil)
        s.invariants = [
            .init(invariant: 1, name: "terminal-stays-terminal", verdict: "pass", jobs: 3, pass: 3, unknown: 0, fail: 0),
            .init(invariant: 6, name: "no-double-refund", verdict: "fail", jobs: 3, pass: 2, unknown: 0, fail: 1),
            .init(invariant: 7, name: "idempotency-key", verdict: nil, jobs: 0, pass: 0, unknown: 0, fail: 0),
        ]
        return s
    }

    /// One requests.csv row with the columns the report reads filled in and the rest plausible.
    static func request(seq: Int, op: String, intended: Int64, sent: Int64, completed: Int64, jobId: String = "j1") -> [String] {
        ["fixture-1", String(seq), "0", jobId, op, "job", "none", "GET", "/v1/tasks/\(jobId)?a=1,b=2", String(intended),
         String(sent), String(sent), String(completed), String(completed - intended), String(completed - sent),
         "200", "ok", "", "100", "200", "0", "running", "running"]
    }

    /// Writes every file of a folder: the summary above, `requests` rows, three jobs and `violations` lines.
    func write(summary: String = Self.summary, requests: [[String]]? = nil, violations: [String]? = nil) throws {
        try summary.write(toFile: directory + "/summary.json", atomically: true, encoding: .utf8)
        let r = try CSVWriter(path: directory + "/requests.csv", header: ExchangeRecord.columns)
        for row in requests ?? [
            Self.request(seq: 1, op: "submit", intended: 0, sent: 1_000_000, completed: 3_000_000),
            Self.request(seq: 2, op: "status", intended: 20_000_000, sent: 20_000_000, completed: 21_000_000),
            Self.request(seq: 3, op: "cancel", intended: 40_000_000, sent: 45_000_000, completed: 50_000_000),
            Self.request(seq: 4, op: "status", intended: 60_000_000, sent: 60_000_000, completed: 62_000_000),
        ] { r.row(row) }
        try r.close()
        let j = try CSVWriter(path: directory + "/jobs.csv", header: JobRecord.columns)
        j.row(["fixture-1", "0", "j<1>", "none", "", "0", "completed", "succeeded", "terminal", "4", "0", "9", ""])
        j.row(["fixture-1", "1", "j2", "claim", "queued", "1", "cancelled", "cancelled", "terminal", "3", "0", "9", "6"])
        j.row(["fixture-1", "2", "j3", "claim", "running", "1", "running", "none", "timed-out", "9", "0", "9", ""])
        try j.close()
        let v = violations ?? [Self.violation(job: 1, message: "refund <twice> & \"more\"")]
        try (v.joined(separator: "\n") + (v.isEmpty ? "" : "\n")).write(toFile: directory + "/violations.jsonl", atomically: true, encoding: .utf8)
    }

    static func violation(job: Int, message: String) -> String {
        let escaped = message.replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"run_id\":\"fixture-1\",\"job\":\(job),\"job_id\":\"j<\(job)>\",\"invariant\":6,\"name\":\"no-double-refund\","
            + "\"message\":\"\(escaped)\",\"evidence\":[{\"seq\":3,\"op\":\"cancel\",\"id_use\":\"job\","
            + "\"request\":\"POST /v1/tasks/j2/cancel?x=<y>\",\"invoke_ns\":40000000,\"complete_ns\":50000000,\"status\":200,"
            + "\"outcome\":\"ok\",\"error\":null,\"api_status\":\"cancelled\",\"state\":\"cancelled\",\"body\":\"{}\"}],"
            + "\"replay\":\"cancelbench replay /tmp/x --job \(job)\"}"
    }
}
