import Testing
@testable import ReferenceTarget

/// Finished jobs are forgotten after the retention period, so a long run's memory follows the job rate.
@Suite struct RetentionTests {
    /// The id PraisonAI's submit returned.
    func submit(_ f: Fixture) -> String {
        let text = String(decoding: f.call("POST", "/api/v1/runs", body: "{\"prompt\":\"x\"}").bytes, as: UTF8.self)
        let start = text.range(of: "\"job_id\":\"")!.upperBound
        return String(text[start...].prefix { $0 != "\"" })
    }

    @Test func finishedJobIsForgottenAfterRetentionButNotBefore() {
        let f = Fixture(.praison)
        let old = submit(f)
        // Queue 100 ms + run 1 s: ended at 1.1 s. Retention is 5 minutes after the end.
        f.advance(ms: 1_100 + 299_000)
        for _ in 0..<64 { _ = submit(f) }  // every shard sees a creation
        #expect(f.call("GET", "/api/v1/runs/\(old)").status == 200, "still kept 4:59 after it ended")
        f.advance(ms: 2_000)
        for _ in 0..<64 { _ = submit(f) }
        #expect(f.call("GET", "/api/v1/runs/\(old)").status == 404, "forgotten once the retention passed")
    }

    @Test func runningJobIsNeverForgotten() {
        let f = Fixture(.beatra, faults: [.stuckCancel: 1])
        let text = String(decoding: f.call("POST", "/v1/tasks", body: "{}").bytes, as: UTF8.self)
        let start = text.range(of: "\"task_id\":\"")!.upperBound
        let id = String(text[start...].prefix { $0 != "\"" })
        f.advance(ms: 500)
        #expect(f.call("POST", "/v1/tasks/\(id)/cancel").status == 200)  // stuck: it never ends
        f.advance(ms: 3_600_000)
        for _ in 0..<64 { _ = f.call("POST", "/v1/tasks", body: "{}") }
        #expect(f.call("GET", "/v1/tasks/\(id)").status == 200)
    }
}
