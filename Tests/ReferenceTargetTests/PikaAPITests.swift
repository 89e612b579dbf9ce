import Testing
@testable import ReferenceTarget

@Suite struct PikaAPITests {
    /// Creates a job and returns its id.
    private func create(_ f: Fixture) -> String {
        let answer = f.call("POST", "/v1/pika/create", body: #"{"prompt":"a cat"}"#)
        #expect(answer.status == 200)
        return answer.string("jobid") ?? ""
    }

    @Test func happyPathWalksEveryStatus() {
        let f = Fixture(.pika)
        let created = f.call("POST", "/v1/pika/create")
        #expect(created.status == 200)
        let id = created.string("jobid") ?? ""
        #expect(id.hasPrefix("j"))
        #expect(created.text == #"{"jobid":"\#(id)","status":"created","code":200}"#)
        // (ms to advance, expected status): queue 100 ms, then 20% of a 1 s run is "started".
        let steps: [(Int64, String)] = [(50, "created"), (60, "started"), (150, "started"),
                                        (100, "progress"), (600, "progress"), (200, "completed"), (5000, "completed")]
        for (ms, status) in steps {
            f.advance(ms: ms)
            let read = f.call("GET", "/v1/pika/jobs/?jobid=\(id)")
            #expect(read.status == 200)
            #expect(read.text == #"{"jobid":"\#(id)","status":"\#(status)","code":200}"#)
        }
    }

    @Test func readWorksWithoutTrailingSlashAndJobidAnywhere() {
        let f = Fixture(.pika)
        let id = create(f)
        #expect(f.call("GET", "/v1/pika/jobs?jobid=\(id)").status == 200)
        #expect(f.call("GET", "/v1/pika/jobs/?x=1&jobid=\(id)&y=2").string("jobid") == id)
        // Percent-encoded "j" (%6A) decodes to the same id.
        #expect(f.call("GET", "/v1/pika/jobs/?jobid=%6A\(id.dropFirst())").status == 200)
    }

    @Test(arguments: [
        (0.0, 1.0, #""moderated","error":"Job moderated""#),  // every job moderated
        (1.0, 0.0, #""failed","error":"Job failed""#),  // every job fails
    ])
    func failedAndModeratedCarryErrorFields(failureRate: Double, moderationRate: Double, fragment: String) {
        let f = Fixture(.pika, failureRate: failureRate, moderationRate: moderationRate)
        let id = create(f)
        f.advance(ms: 2000)
        let read = f.call("GET", "/v1/pika/jobs/?jobid=\(id)")
        #expect(read.text.contains(fragment))
        #expect(read.string("errorDetails")?.isEmpty == false)
        #expect(read.json["code"] as? Int == 200)
    }

    @Test(arguments: [
        0,  // still queued
        300,  // running, "progress"
    ])
    func cancelOfLiveJobIsImmediate(afterMs: Int64) {
        let f = Fixture(.pika)
        let id = create(f)
        f.advance(ms: afterMs)
        let cancel = f.call("GET", "/v1/pika/jobs/cancel/?jobid=\(id)")
        #expect(cancel.status == 200)
        #expect(cancel.text == #"{"jobid":"\#(id)","status":"cancelled","code":200}"#)
        f.advance(ms: 5000)
        #expect(f.call("GET", "/v1/pika/jobs/?jobid=\(id)").string("status") == "cancelled")
    }

    @Test(arguments: [
        (0.0, "completed"),  // finished normally
        (1.0, "failed"),  // finished failed
    ])
    func cancelOfTerminalJobReturnsUnchangedState(failureRate: Double, final: String) {
        let f = Fixture(.pika, failureRate: failureRate)
        let id = create(f)
        f.advance(ms: 1500)
        let read = f.call("GET", "/v1/pika/jobs/?jobid=\(id)")
        let cancel = f.call("GET", "/v1/pika/jobs/cancel?jobid=\(id)")
        #expect(cancel.status == 200)
        #expect(cancel.string("status") == final)
        #expect(cancel.text == read.text)
        #expect(f.call("GET", "/v1/pika/jobs/?jobid=\(id)").text == read.text)
    }

    @Test func cancelOfCancelledJobStaysCancelled() {
        let f = Fixture(.pika)
        let id = create(f)
        _ = f.call("GET", "/v1/pika/jobs/cancel/?jobid=\(id)")
        f.advance(ms: 10)
        #expect(f.call("GET", "/v1/pika/jobs/cancel/?jobid=\(id)").string("status") == "cancelled")
    }

    @Test(arguments: [
        "/v1/pika/jobs/",  // no query at all
        "/v1/pika/jobs/?jobid=",  // empty value
        "/v1/pika/jobs/?other=1",  // another parameter only
        "/v1/pika/jobs/cancel/",  // cancel without query
        "/v1/pika/jobs/cancel/?jobid",  // name without value
    ])
    func missingJobidIs400(target: String) {
        let answer = Fixture(.pika).call("GET", target)
        #expect(answer.status == 400)
        #expect(answer.text == #"{"error":"Query param jobid not provided","code":400}"#)
    }

    @Test(arguments: [
        ("nope", "nope"),  // not an id at all
        ("j00000001deadbeef", "j00000001deadbeef"),  // right shape, wrong tag
        ("a%22b", #"a\"b"#),  // decoded quote is JSON-escaped in the message
    ])
    func unknownJobidIs404(raw: String, escaped: String) {
        let f = Fixture(.pika)
        for path in ["/v1/pika/jobs/", "/v1/pika/jobs/cancel/"] {
            let answer = f.call("GET", "\(path)?jobid=\(raw)")
            #expect(answer.status == 404)
            #expect(answer.text == #"{"error":"Unable to locate job \#(escaped)","code":404}"#)
        }
    }

    @Test(arguments: [
        (nil, 401),  // no Authorization header
        ("wrong-token", 401),  // unknown token
        (TargetConfig.defaultUnpaidToken, 402),  // account without subscription
    ] as [(String?, Int)])
    func authorizationIsRequiredEverywhere(token: String?, status: Int) {
        let f = Fixture(.pika)
        let body = status == 401 ? #"{"error":"Unauthorized","code":401}"#
            : #"{"error":"Account has no subscription or subscription expired","code":402}"#
        for (method, target) in [("POST", "/v1/pika/create"), ("GET", "/v1/pika/jobs/?jobid=x"),
                                 ("GET", "/v1/pika/jobs/cancel/?jobid=x")] {
            let answer = f.call(method, target, token: token)
            #expect(answer.status == status)
            #expect(answer.text == body)
        }
    }

    @Test func createAcceptsAnyBody() {
        let f = Fixture(.pika)
        #expect(f.call("POST", "/v1/pika/create", body: "{not json").status == 200)
    }
}
