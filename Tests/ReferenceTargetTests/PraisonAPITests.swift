import Foundation
import Testing
@testable import ReferenceTarget

@Suite struct PraisonAPITests {
    private func submit(_ f: Fixture) -> String {
        let answer = f.call("POST", "/api/v1/runs", token: nil, body: #"{"prompt":"hello"}"#)
        #expect(answer.status == 202)
        return answer.string("job_id") ?? ""
    }

    private func read(_ f: Fixture, _ id: String) -> Answer { f.call("GET", "/api/v1/runs/\(id)", token: nil) }

    @Test func happyPathQueuedRunningSucceededWithResult() {
        let f = Fixture(.praison)
        let submitted = f.call("POST", "/api/v1/runs", token: nil, body: #"{"prompt":"hello"}"#)
        let id = submitted.string("job_id") ?? ""
        #expect(id.hasPrefix("run_"))
        #expect(submitted.text == #"{"job_id":"\#(id)","status":"queued","created_at":"2026-11-24T05:55:01.123Z"}"#)
        #expect(f.call("GET", "/api/v1/runs/\(id)/result", token: nil).status == 409)
        var last = -1
        // (ms to advance, expected status): queue 100 ms, run 1000 ms.
        for (ms, status) in [(50, "queued"), (300, "running"), (500, "running"), (300, "succeeded")] as [(Int64, String)] {
            f.advance(ms: ms)
            let answer = read(f, id)
            #expect(answer.status == 200)
            #expect(answer.string("status") == status)
            #expect(answer.json["retry_after"] as? Int == 1)
            let progress = answer.json["progress"] as? Int ?? -1
            #expect(progress >= last)
            last = progress
        }
        #expect(last == 100)
        let done = read(f, id)
        #expect(done.string("started_at") == "2026-11-24T05:55:01.223Z")
        #expect(done.string("completed_at") == "2026-11-24T05:55:02.223Z")
        #expect(done.json["cancelled_at"] is NSNull)
        let result = f.call("GET", "/api/v1/runs/\(id)/result", token: nil)
        #expect(result.status == 200)
        #expect(result.string("status") == "succeeded")
        #expect(result.string("result")?.isEmpty == false)
    }

    @Test(arguments: [
        0,  // queued
        500,  // running
    ])
    func cancelOfLiveRunIsImmediate(afterMs: Int64) {
        let f = Fixture(.praison)
        let id = submit(f)
        f.advance(ms: afterMs)
        let cancel = f.call("POST", "/api/v1/runs/\(id)/cancel", token: nil)
        #expect(cancel.status == 200)
        let at = ISOTimestamp.string(unixNanoseconds: wallOrigin + afterMs * 1_000_000)
        #expect(cancel.text == #"{"job_id":"\#(id)","status":"cancelled","cancelled_at":"\#(at)"}"#)
        f.advance(ms: 5000)
        let after = read(f, id)
        #expect(after.string("status") == "cancelled")
        #expect(after.string("cancelled_at") == at)
        #expect(after.json["completed_at"] is NSNull)
        #expect(f.call("GET", "/api/v1/runs/\(id)/result", token: nil).text == #"{"detail":"Job not completed"}"#)
    }

    @Test(arguments: [
        (0.0, false),  // succeeded
        (1.0, false),  // failed
        (0.0, true),  // cancelled earlier
    ])
    func cancelOfTerminalRunIs400(failureRate: Double, cancelFirst: Bool) {
        let f = Fixture(.praison, failureRate: failureRate)
        let id = submit(f)
        if cancelFirst { _ = f.call("POST", "/api/v1/runs/\(id)/cancel", token: nil) }
        f.advance(ms: 2000)
        let before = read(f, id)
        let cancel = f.call("POST", "/api/v1/runs/\(id)/cancel", token: nil)
        #expect(cancel.status == 400)
        #expect(cancel.text == #"{"detail":"Job already completed"}"#)
        #expect(read(f, id).text == before.text)
    }

    @Test(arguments: ["GET /api/v1/runs/run_x", "GET /api/v1/runs/run_x/result", "POST /api/v1/runs/run_x/cancel"])
    func unknownRunIs404(line: String) {
        let parts = line.split(separator: " ").map(String.init)
        let answer = Fixture(.praison).call(parts[0], parts[1], token: nil)
        #expect(answer.status == 404)
        #expect(answer.text == #"{"detail":"Job not found"}"#)
    }

    @Test(arguments: [
        "",  // empty body
        "{",  // truncated
        #"{"prompt":3}"#,  // wrong type
        #"{"other":"x"}"#,  // missing prompt
    ])
    func invalidSubmitIs422(body: String) {
        let answer = Fixture(.praison).call("POST", "/api/v1/runs", token: nil, body: body)
        #expect(answer.status == 422)
        #expect(answer.string("detail")?.isEmpty == false)
    }
}
