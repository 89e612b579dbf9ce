import Foundation
import HTTPServer
import Testing
@testable import ReferenceTarget

/// OGC API – Processes (OGC 18-062r2) on a fake clock: queue 100 ms, run 1000 ms; submitted at 05:55:01.123Z.
@Suite struct OGCProcessesAPITests {
    private let noSuchJob = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-job"

    private func client(failureRate: Double = 0, faults: [Fault: Double] = [:]) -> DialectClient {
        DialectClient(Fixture(.ogcProcesses, failureRate: failureRate, faults: faults), .ogcProcesses)
    }

    private func progress(_ answer: Answer) -> Int? { answer.json["progress"] as? Int }

    private func links(_ answer: Answer) -> [[String: String]] { answer.json["links"] as? [[String: String]] ?? [] }

    /// Expects the 404 of /req/core/job-exception-no-such-job: an RFC 7807 body with the `no-such-job` type.
    private func expectNoSuchJob(_ answer: Answer, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == 404, sourceLocation: sourceLocation)
        #expect(answer.string("type") == noSuchJob, sourceLocation: sourceLocation)
        #expect(answer.json["status"] as? Int == 404, sourceLocation: sourceLocation)
        #expect(answer.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
    }

    @Test func asyncExecuteAnswers201WithLocationAndStatusInfo() {
        let c = client()
        let (answer, id) = c.submit()
        #expect(answer.status == 201)
        #expect(answer.header("Location") == "/jobs/\(id)")
        #expect(answer.header("Preference-Applied") == "respond-async")
        #expect(answer.string("jobID") == id)
        #expect(answer.string("status") == "accepted")
        #expect(answer.string("type") == "process")
        #expect(answer.string("processID") == "sleep")
        #expect(answer.string("created") == "2026-11-24T05:55:01.123Z")
        #expect(answer.string("updated") == "2026-11-24T05:55:01.123Z")
        #expect(answer.json["started"] == nil && answer.json["finished"] == nil)
        #expect(progress(answer) == 0)
        #expect(links(answer).first?["href"] == "/jobs/\(id)")
        #expect(links(answer).first?["rel"] == "self")
        #expect(id.count == 36 && Array(id)[14] == "4")  // UUID-shaped, version 4
    }

    /// `sleep` can only run asynchronously, so without `Prefer` it runs asynchronously too
    /// (/req/core/process-execute-default-execution-mode), and no preference is reported as applied.
    @Test func executeWithoutPreferIsAsynchronousAnyway() {
        let answer = Fixture(.ogcProcesses).call("POST", "/processes/sleep/execution", token: nil, body: "{}")
        #expect(answer.status == 201)
        #expect(answer.header("Location")?.hasPrefix("/jobs/") == true)
        #expect(answer.header("Preference-Applied") == nil)
        #expect(answer.string("status") == "accepted")
    }

    @Test(arguments: [
        ("respond-async", true),  // the plain preference
        ("RESPOND-ASYNC", true),  // tokens compare case-insensitively (RFC 7240 section 2)
        ("wait=10, respond-async", true),  // one of several
        (" respond-async ; x=y", true),  // with spaces and a parameter
        ("return=minimal", false),  // another preference
        ("respond-asyncx", false),  // a longer token
    ])
    func preferHeaderIsReadAsRFC7240Says(value: String, applied: Bool) {
        let answer = Fixture(.ogcProcesses).call("POST", "/processes/sleep/execution",
                                                 headers: [(name: "prefer", value: value)], body: "{}")
        #expect(answer.status == 201)
        #expect((answer.header("Preference-Applied") == "respond-async") == applied)
    }

    @Test func readProgressesFromAcceptedToRunningToSuccessful() {
        let c = client()
        let id = c.submit().id
        c.f.advance(ms: 50)
        #expect(c.read(id).string("status") == "accepted")
        c.f.advance(ms: 550)  // 500 ms into the run
        let running = c.read(id)
        #expect(running.status == 200)
        #expect(running.string("status") == "running")
        #expect(progress(running) == 50)
        #expect(running.string("started") == "2026-11-24T05:55:01.223Z")
        #expect(running.string("updated") == "2026-11-24T05:55:01.223Z")
        #expect(running.json["finished"] == nil)
        c.f.advance(ms: 500)
        let done = c.read(id)
        #expect(done.string("status") == "successful")
        #expect(progress(done) == 100)
        #expect(done.string("finished") == "2026-11-24T05:55:02.223Z")
        #expect(done.string("updated") == "2026-11-24T05:55:02.223Z")
        #expect(links(done).contains { $0["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/results" && $0["href"] == "/jobs/\(id)/results" })
    }

    @Test(arguments: [
        (Int64(50), 0, "2026-11-24T05:55:01.173Z"),  // accepted: dismissed before it started
        (600, 50, "2026-11-24T05:55:01.723Z"),  // running: stopped halfway
    ] as [(Int64, Int, String)])
    func dismissOfALiveJobStopsItThenItIsGone(advanceMs: Int64, percent: Int, at: String) {
        let c = client()
        let id = c.submit().id
        c.f.advance(ms: advanceMs)
        let dismissed = c.cancel(id)
        #expect(dismissed.status == 200)
        #expect(dismissed.string("status") == "dismissed")
        #expect(dismissed.string("jobID") == id)
        #expect(dismissed.string("message") == "Job dismissed")
        #expect(progress(dismissed) == percent)
        #expect(dismissed.string("finished") == at)
        #expect(dismissed.string("updated") == at)
        #expect(links(dismissed).isEmpty)
        #expect(c.truth(id)?.outcome == .cancelled)  // the job stopped
        #expect(c.truth(id)?.endedAt != nil)
        expectNoSuchJob(c.read(id))
        expectNoSuchJob(c.f.call("GET", "/jobs/\(id)/results"))
        expectNoSuchJob(c.cancel(id))  // a second dismiss finds nothing
        c.f.advance(ms: 5000)
        expectNoSuchJob(c.read(id))  // and it never comes back
        #expect(c.truth(id)?.outcome == .cancelled)
    }

    @Test(arguments: [
        (0.0, "successful"),  // a finished job's artifacts are removed, and its record with them
        (1.0, "failed"),
    ])
    func dismissOfAFinishedJobAnswers200ThenItIsGone(failureRate: Double, finalStatus: String) {
        let c = client(failureRate: failureRate)
        let id = c.submit().id
        c.f.advance(ms: 2000)
        #expect(c.read(id).string("status") == finalStatus)
        let dismissed = c.cancel(id)
        #expect(dismissed.status == 200)
        #expect(dismissed.string("status") == "dismissed")
        #expect(dismissed.string("finished") == "2026-11-24T05:55:02.223Z")  // when it ended
        #expect(dismissed.string("updated") == "2026-11-24T05:55:03.123Z")  // when it was dismissed
        #expect(progress(dismissed) == 100)
        expectNoSuchJob(c.read(id))
        expectNoSuchJob(c.cancel(id))
        #expect(c.truth(id)?.outcome == (failureRate == 0 ? .succeeded : .failed))  // the outcome is not rewritten
    }

    @Test(arguments: [
        "5f0c2a1e-3b7d-4c2a-9e1f-0a1b2c3d4e5f",  // a well-formed UUID this target never issued
        "nope",  // not a UUID at all
        "j00000001deadbeef",  // another dialect's id
    ])
    func unknownJobIs404WithTheNoSuchJobException(id: String) {
        let f = Fixture(.ogcProcesses)
        for (method, path) in [("GET", "/jobs/\(id)"), ("DELETE", "/jobs/\(id)"), ("GET", "/jobs/\(id)/results")] {
            let answer = f.call(method, path)
            expectNoSuchJob(answer)
            #expect(answer.string("detail")?.contains(id) == true, "\(method) \(path)")
        }
    }

    @Test func idsOfAnotherSeedOrUppercaseAreUnknown() {
        let c = client()
        let id = c.submit().id
        expectNoSuchJob(c.read(id.uppercased()))
        let other = DialectClient(Fixture(.ogcProcesses, seed: 8), .ogcProcesses)
        expectNoSuchJob(other.read(id))
        #expect(c.read(id).status == 200)
    }

    @Test func resultsFollowTheJob() {
        let c = client()
        let id = c.submit().id
        let notReady = c.f.call("GET", "/jobs/\(id)/results")
        #expect(notReady.status == 404)
        #expect(notReady.string("type") == "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/result-not-ready")
        c.f.advance(ms: 2000)
        let raw = c.f.call("GET", "/jobs/\(id)/results")
        #expect(raw.status == 200)
        #expect(raw.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(raw.text == "Simulated result of \(id)")
        let document = c.submit(body: #"{"inputs":{},"response":"document"}"#).id
        c.f.advance(ms: 2000)
        let doc = c.f.call("GET", "/jobs/\(document)/results")
        #expect(doc.status == 200)
        #expect(doc.string("result") == "Simulated result of \(document)")
    }

    @Test func failedJobResultsAreAnException() {
        let c = client(failureRate: 1)
        let id = c.submit().id
        c.f.advance(ms: 2000)
        let read = c.read(id)
        #expect(read.string("status") == "failed")
        #expect(links(read).contains { $0["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/exceptions" })
        let results = c.f.call("GET", "/jobs/\(id)/results")
        #expect(results.status == 500)
        #expect(results.string("type") == "NoApplicableCode")
    }

    @Test(arguments: [
        "",  // no body: execute.yaml is an object
        "[]",  // not an object
        #"{"inputs":[]}"#,  // inputs must be a map
        #"{"response":"json"}"#,  // response is raw or document
        "{",  // not JSON
    ])
    func invalidExecuteRequestIs400(body: String) {
        let answer = Fixture(.ogcProcesses).call("POST", "/processes/sleep/execution", body: body)
        #expect(answer.status == 400)
        #expect(answer.string("type") == "InvalidParameterValue")
    }

    @Test func unknownProcessIs404NoSuchProcess() {
        let f = Fixture(.ogcProcesses)
        for (method, path) in [("POST", "/processes/nap/execution"), ("GET", "/processes/nap")] {
            let answer = f.call(method, path, body: "{}")
            #expect(answer.status == 404)
            #expect(answer.string("type") == "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process")
        }
    }

    @Test func processListAndDescriptionNameSleep() {
        let f = Fixture(.ogcProcesses)
        let list = f.call("GET", "/processes")
        #expect(list.status == 200)
        let processes = list.json["processes"] as? [[String: Any]] ?? []
        #expect(processes.map { $0["id"] as? String } == ["sleep"])
        #expect(list.json["links"] is [Any])
        let description = f.call("GET", "/processes/sleep")
        #expect(description.status == 200)
        #expect(description.json["jobControlOptions"] as? [String] == ["async-execute", "dismiss"])
        #expect((description.json["outputs"] as? [String: Any])?["result"] != nil)
    }

    @Test func noTokenIsNeeded() {
        let f = Fixture(.ogcProcesses)
        let answer = f.call("POST", "/processes/sleep/execution", token: nil, body: "{}")
        #expect(answer.status == 201)
        let id = String(answer.header("Location")?.dropFirst("/jobs/".count) ?? "")
        #expect(f.call("GET", "/jobs/\(id)", token: nil).status == 200)
        #expect(f.call("DELETE", "/jobs/\(id)", token: "wrong").status == 200)
    }

    // MARK: Faults on OGC

    @Test(arguments: [50, 600] as [Int64])
    func lostCancelAnswersDismissedButTheJobRunsOnAndStaysReadable(advanceMs: Int64) {
        let c = client(faults: [.lostCancel: 1])
        let id = c.submit().id
        c.f.advance(ms: advanceMs)
        let dismissed = c.cancel(id)
        #expect(dismissed.status == 200)
        #expect(dismissed.string("status") == "dismissed")
        #expect(c.truth(id)?.cancelRequestedAt == nil)  // the store never heard of it
        #expect(c.read(id).status == 200)  // not gone
        c.f.advance(ms: 2000)
        #expect(c.read(id).string("status") == "successful")
    }

    @Test func resurrectShowsFinishedJobsLiveButDismissedOnesStayGone() {
        let c = client(faults: [.resurrect: 1])
        let done = c.submit().id
        let dismissed = c.submit().id
        c.f.advance(ms: 50)
        #expect(c.cancel(dismissed).string("status") == "dismissed")
        c.f.advance(ms: 2000)
        let read = c.read(done)
        #expect(read.string("status") == "running")
        #expect(read.json["finished"] == nil)
        #expect(c.truth(done)?.outcome == .succeeded)  // stored state is still terminal
        expectNoSuchJob(c.read(dismissed))
    }

    @Test func aRevertedOGCJobCanBeDismissedForGood() {
        let c = client(faults: [.cancelReverts: 1])
        let id = c.submit().id
        c.f.advance(ms: 600)
        #expect(c.cancel(id).string("status") == "dismissed")
        c.f.advance(ms: 120)
        #expect(c.read(id).string("status") == "successful")
        #expect(c.f.call("GET", "/jobs/\(id)/results").status == 200)
        let again = c.cancel(id)
        #expect(again.status == 200)
        #expect(again.string("status") == "dismissed")
        expectNoSuchJob(c.read(id))
        c.f.advance(ms: 5000)
        expectNoSuchJob(c.read(id))
    }
}
