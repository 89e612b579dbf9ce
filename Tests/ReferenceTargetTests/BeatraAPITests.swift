import Foundation
import Testing
@testable import ReferenceTarget

@Suite struct BeatraAPITests {
    /// Submits a task and returns its id.
    private func submit(_ f: Fixture, body: String? = nil) -> String {
        let answer = f.call("POST", "/v1/tasks", body: body)
        #expect(answer.status == 202)
        return answer.string("task_id") ?? ""
    }

    private func read(_ f: Fixture, _ id: String) -> Answer { f.call("GET", "/v1/tasks/\(id)") }

    @Test func happyPathQueuedRunningSucceeded() {
        let f = Fixture(.beatra)
        let submitted = f.call("POST", "/v1/tasks", body: #"{"capability":"image.generate","model":"m1","input":{"prompt":"a \"cat\""},"metadata":{"k":"v"}}"#)
        #expect(submitted.status == 202)
        let id = submitted.string("task_id") ?? ""
        #expect(id.hasPrefix("task_"))
        #expect(submitted.string("status") == "queued")
        #expect(submitted.string("object") == "task")
        #expect(submitted.string("capability") == "image.generate")
        #expect(submitted.string("resolved_model") == "m1")
        #expect((submitted.json["input"] as? [String: Any])?["prompt"] as? String == #"a "cat""#)
        #expect((submitted.json["metadata"] as? [String: String]) == ["k": "v"])
        #expect(submitted.string("created_at") == "2026-11-24T05:55:01.123Z")
        #expect(submitted.json["started_at"] is NSNull)
        let links = submitted.json["links"] as? [String: String]
        #expect(links == ["self": "/v1/tasks/\(id)", "cancel": "/v1/tasks/\(id)/cancel"])

        var lastPercent = -1
        // (ms to advance, expected status, expected stage): queue 100 ms, run 1000 ms.
        let steps: [(Int64, String, String)] = [(50, "queued", "queued"), (100, "running", "running"),
                                                (400, "running", "running"), (400, "running", "running"),
                                                (200, "succeeded", "done")]
        for (ms, status, stage) in steps {
            f.advance(ms: ms)
            let answer = read(f, id)
            #expect(answer.status == 200)
            #expect(answer.string("status") == status)
            let progress = answer.json["progress"] as? [String: Any]
            #expect(progress?["stage"] as? String == stage)
            let percent = progress?["percent"] as? Int ?? -1
            #expect(percent >= lastPercent)
            lastPercent = percent
        }
        #expect(lastPercent == 100)
        let done = read(f, id)
        #expect(done.string("started_at") == "2026-11-24T05:55:01.223Z")
        #expect(done.string("completed_at") == "2026-11-24T05:55:02.223Z")
        #expect(done.json["output"] is [String: Any])
        #expect(done.json["error"] is NSNull)
    }

    @Test func failedTaskHasErrorObject() {
        let f = Fixture(.beatra, failureRate: 1)
        let id = submit(f)
        f.advance(ms: 2000)
        let answer = read(f, id)
        #expect(answer.string("status") == "failed")
        let error = answer.json["error"] as? [String: Any]
        #expect(error?["code"] as? String == "task_failed")
        #expect(error?["retryable"] as? Bool == true)
        #expect(answer.json["output"] is NSNull)
    }

    @Test func cancelWhileQueuedIsImmediateAndFree() {
        let f = Fixture(.beatra)
        let id = submit(f)
        f.advance(ms: 50)
        let cancel = f.call("POST", "/v1/tasks/\(id)/cancel", body: #"{"reason":"user"}"#)
        #expect(cancel.status == 200)
        #expect(cancel.string("status") == "cancelled")
        #expect(cancel.string("cancel_requested_at") == "2026-11-24T05:55:01.173Z")
        #expect(cancel.json["started_at"] is NSNull)
        let billing = cancel.json["billing"] as? [String: String]
        #expect(billing?["charged_credits"] == "0.000000")
        #expect(billing?["refunded_credits"] == "0.000000")
        f.advance(ms: 3000)
        #expect(read(f, id).text == cancel.text)
    }

    @Test func cancelWhileRunningIsBestEffortThenCancelled() {
        let f = Fixture(.beatra)
        let id = submit(f)
        f.advance(ms: 400)  // 30% into the run.
        let cancel = f.call("POST", "/v1/tasks/\(id)/cancel")
        #expect(cancel.status == 200)
        #expect(cancel.string("status") == "running")
        let requestedAt = cancel.string("cancel_requested_at")
        #expect(requestedAt == "2026-11-24T05:55:01.523Z")
        // A duplicate during the stop delay returns the same request instant.
        f.advance(ms: 100)
        let duplicate = f.call("POST", "/v1/tasks/\(id)/cancel")
        #expect(duplicate.string("status") == "running")
        #expect(duplicate.string("cancel_requested_at") == requestedAt)
        f.advance(ms: 100)  // Stop delay (200 ms) elapsed.
        let stopped = read(f, id)
        #expect(stopped.string("status") == "cancelled")
        #expect(stopped.string("cancel_requested_at") == requestedAt)
        #expect(stopped.string("completed_at") == "2026-11-24T05:55:01.723Z")
        #expect((stopped.json["progress"] as? [String: Any])?["percent"] as? Int == 50)
        // Terminal now: frozen forever, and a further cancel changes nothing.
        f.advance(ms: 5000)
        #expect(read(f, id).text == stopped.text)
        #expect(f.call("POST", "/v1/tasks/\(id)/cancel").text == stopped.text)
    }

    @Test func cancelLateInRunLosesRaceAndSucceeds() {
        let f = Fixture(.beatra)
        let id = submit(f)
        f.advance(ms: 1000)  // 90% into the run; 200 ms stop delay ends after the natural finish.
        let cancel = f.call("POST", "/v1/tasks/\(id)/cancel")
        #expect(cancel.string("status") == "running")
        f.advance(ms: 150)
        let done = read(f, id)
        #expect(done.string("status") == "succeeded")
        #expect(done.string("cancel_requested_at") == cancel.string("cancel_requested_at"))
        #expect((done.json["billing"] as? [String: String])?["refunded_credits"] == "0.000000")
    }

    @Test(arguments: [
        (0.0, "succeeded"),  // finished normally
        (1.0, "failed"),  // finished failed
    ])
    func cancelOfTerminalTaskIsIdempotent(failureRate: Double, final: String) {
        let f = Fixture(.beatra, failureRate: failureRate)
        let id = submit(f)
        f.advance(ms: 1500)
        let before = read(f, id)
        let cancel = f.call("POST", "/v1/tasks/\(id)/cancel")
        #expect(cancel.status == 200)
        #expect(cancel.string("status") == final)
        #expect(cancel.text == before.text)
        #expect(cancel.json["cancel_requested_at"] is NSNull)
    }

    @Test func unknownTaskIs404() {
        let f = Fixture(.beatra)
        for (method, target) in [("GET", "/v1/tasks/task_nope"), ("POST", "/v1/tasks/task_nope/cancel")] {
            let answer = f.call(method, target)
            #expect(answer.status == 404)
            #expect(answer.text == #"{"error":{"code":"not_found","message":"Task task_nope not found"}}"#)
        }
    }

    @Test(arguments: [
        (nil, 401, "unauthorized"),  // no Authorization header
        ("bogus", 401, "unauthorized"),  // unknown token
        (TargetConfig.defaultUnpaidToken, 402, "payment_required"),  // no subscription
    ] as [(String?, Int, String)])
    func authorizationIsRequired(token: String?, status: Int, code: String) {
        let answer = Fixture(.beatra).call("POST", "/v1/tasks", token: token,
                                           headers: [(name: "x-request-id", value: "r-1")])
        #expect(answer.status == status)
        #expect((answer.json["error"] as? [String: Any])?["code"] as? String == code)
        #expect(answer.header("X-Request-Id") == "r-1")
        if status == 401 {
            #expect(answer.text == #"{"error":{"code":"unauthorized","message":"Missing or invalid API key"}}"#)
        }
    }

    @Test(arguments: [
        ("POST", "/v1/tasks"),  // submit
        ("GET", "/v1/tasks/task_x"),  // read (404)
        ("POST", "/v1/tasks/task_x/cancel"),  // cancel (404)
        ("GET", "/v1/nothing"),  // unknown route
        ("DELETE", "/v1/tasks"),  // wrong method
    ])
    func everyResponseEchoesRequestID(method: String, target: String) {
        let answer = Fixture(.beatra).call(method, target, headers: [(name: "x-request-id", value: "abc-123")])
        #expect(answer.header("X-Request-Id") == "abc-123")
    }

    @Test func noRequestIDMeansNoEcho() {
        #expect(Fixture(.beatra).call("POST", "/v1/tasks").header("X-Request-Id") == nil)
    }

    @Test(arguments: [
        "{",  // truncated
        "[]",  // not an object
        #"{"capability":3}"#,  // wrong type
        #"{"input":"text"}"#,  // input must be an object
        #"{"metadata":{"k":1}}"#,  // metadata values must be strings
        "\u{1}",  // garbage
    ])
    func malformedSubmitIs400(body: String) {
        let answer = Fixture(.beatra).call("POST", "/v1/tasks", body: body)
        #expect(answer.status == 400)
        #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "invalid_request")
    }

    @Test func malformedCancelBodyIs400AndDoesNotCancel() {
        let f = Fixture(.beatra)
        let id = submit(f)
        #expect(f.call("POST", "/v1/tasks/\(id)/cancel", body: "{oops").status == 400)
        #expect(read(f, id).string("status") == "queued")
    }
}
