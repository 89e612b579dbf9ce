import Foundation
import HTTPServer
import Synchronization
import Testing
@testable import ReferenceTarget

@Suite struct ReferenceTargetTests {
    @Test(arguments: [
        (Dialect.pika, "/v1/pika/nothing", #"{"error":"not found","code":404}"#),  // Pika's error shape
        (Dialect.beatra, "/v1/tasks/a/b/c", #"{"error":{"code":"not_found","message":"No route for /v1/tasks/a/b/c"}}"#),  // beatra's
        (Dialect.praison, "/api/v1/runs/x/y/z", #"{"detail":"Not Found"}"#),  // FastAPI's
        (Dialect.praison, "/", #"{"detail":"Not Found"}"#),  // the root
        (Dialect.ogcProcesses, "/jobs", #"{"type":"about:blank","title":"Not Found","status":404,"detail":"No resource at /jobs"}"#),  // RFC 7807; the job list class is not served
    ])
    func unknownPathIs404InDialectShape(dialect: Dialect, path: String, body: String) {
        let answer = Fixture(dialect).call("GET", path)
        #expect(answer.status == 404)
        #expect(answer.text == body)
        #expect(answer.header("Content-Type") == "application/json")
    }

    @Test(arguments: [
        (Dialect.pika, "GET", "/v1/pika/create", "POST"),  // create is POST
        (Dialect.pika, "POST", "/v1/pika/jobs/?jobid=x", "GET"),  // read is GET
        (Dialect.pika, "DELETE", "/v1/pika/jobs/cancel/", "GET"),  // cancel is GET
        (Dialect.beatra, "GET", "/v1/tasks", "POST"),  // submit is POST
        (Dialect.beatra, "DELETE", "/v1/tasks/task_x", "GET"),  // read is GET
        (Dialect.beatra, "GET", "/v1/tasks/task_x/cancel", "POST"),  // cancel is POST
        (Dialect.praison, "GET", "/api/v1/runs", "POST"),  // submit is POST
        (Dialect.praison, "POST", "/api/v1/runs/run_x", "GET"),  // read is GET
        (Dialect.praison, "POST", "/api/v1/runs/run_x/result", "GET"),  // result is GET
        (Dialect.praison, "GET", "/api/v1/runs/run_x/cancel", "POST"),  // cancel is POST
        (Dialect.ogcProcesses, "GET", "/processes/sleep/execution", "POST"),  // execute is POST
        (Dialect.ogcProcesses, "POST", "/jobs/x", "GET, DELETE"),  // status info and dismiss
        (Dialect.ogcProcesses, "DELETE", "/jobs/x/results", "GET"),  // results are GET
        (Dialect.ogcProcesses, "POST", "/processes", "GET"),  // the process list is GET
    ])
    func wrongMethodIs405WithAllow(dialect: Dialect, method: String, target: String, allow: String) {
        let answer = Fixture(dialect).call(method, target)
        #expect(answer.status == 405)
        #expect(answer.header("Allow") == allow)
        #expect(!answer.json.isEmpty)
    }

    @Test(arguments: Dialect.allCases)
    func garbageRequestsNeverGive5xx(dialect: Dialect) {
        let f = Fixture(dialect)
        let bodies = ["", "{", "null", "[1,2", "{\"a\":\u{0}}", String(repeating: "[", count: 10_000), "\u{FFFF}"]
        let targets = ["/v1/pika/create", "/v1/pika/jobs/?jobid=%", "/v1/pika/jobs/cancel/?jobid=%zz&&&=",
                       "/v1/tasks", "/v1/tasks/%ff", "/v1/tasks/%/cancel", "/api/v1/runs", "/api/v1/runs/%",
                       "/api/v1/runs/run_1/cancel", "", "?", "//", "/v1/tasks/", "/processes/sleep/execution",
                       "/processes/%zz/execution", "/jobs/%", "/jobs/x/results", "/processes/sleep"]
        for target in targets {
            for body in bodies {
                for method in ["GET", "POST"] {
                    let answer = f.call(method, target, body: body)
                    #expect(answer.status < 500, "\(method) \(target)")
                    #expect(!answer.json.isEmpty, "\(method) \(target) answered invalid JSON")
                }
            }
        }
    }

    @Test(arguments: Dialect.allCases)
    func sameSeedSameDurations(dialect: Dialect) {
        func draws(seed: UInt64) -> [Int64] {
            let config = TargetConfig(dialect: dialect, seed: seed)
            let target = ReferenceTarget(config: config, clock: FakeClock().closure, wallClockOrigin: wallOrigin)
            let (method, path, body) = Self.submit(dialect)
            return (0..<20).flatMap { _ -> [Int64] in
                let answer = Answer(target.handle(HTTPRequest(
                    method: method, target: path,
                    headers: [(name: "authorization", value: "Bearer \(paidToken)")], body: Array(body.utf8))))
                let id = answer.string("jobid") ?? answer.string("task_id") ?? answer.string("job_id")
                    ?? answer.string("jobID") ?? ""
                guard let d = target.durations(ofJob: id) else { return [-1] }
                return [d.queueDelay, d.runTime, d.stopDelay]
            }
        }
        let first = draws(seed: 42)
        #expect(!first.contains(-1))
        #expect(first == draws(seed: 42))
        #expect(first != draws(seed: 43))
        #expect(Set(first).count > 20)  // Durations actually vary between jobs.
    }

    /// The submit request of each dialect.
    static func submit(_ dialect: Dialect) -> (String, String, String) {
        switch dialect {
        case .pika: return ("POST", "/v1/pika/create", "")
        case .beatra: return ("POST", "/v1/tasks", "")
        case .praison: return ("POST", "/api/v1/runs", #"{"prompt":"p"}"#)
        case .ogcProcesses: return ("POST", "/processes/sleep/execution", #"{"inputs":{}}"#)
        }
    }

    @Test(arguments: Dialect.allCases)
    func concurrentCallersGetUniqueIdsAndConsistentCancels(dialect: Dialect) {
        let target = ReferenceTarget(config: TargetConfig(dialect: dialect, seed: 3))
        let ids = Mutex<[String]>([])
        let (method, path, body) = Self.submit(dialect)
        let auth = [(name: "authorization", value: "Bearer \(paidToken)")]
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<200 {
                let answer = Answer(target.handle(HTTPRequest(method: method, target: path, headers: auth,
                                                              body: Array(body.utf8))))
                let id = answer.string("jobid") ?? answer.string("task_id") ?? answer.string("job_id")
                    ?? answer.string("jobID") ?? ""
                ids.withLock { $0.append(id) }
                let (cancelMethod, cancelPath) = Self.cancel(dialect, id)
                for attempt in 0..<2 {
                    let cancel = Answer(target.handle(HTTPRequest(method: cancelMethod, target: cancelPath, headers: auth)))
                    // PraisonAI refuses to cancel a finished run; a dismissed OGC job is gone for the second DELETE.
                    #expect(cancel.status == 200 || (dialect == .praison && cancel.status == 400)
                            || (dialect == .ogcProcesses && attempt == 1 && cancel.status == 404))
                }
            }
        }
        let all = ids.withLock { $0 }
        #expect(all.count == 1600)
        #expect(Set(all).count == 1600)
        #expect(!all.contains(""))
    }

    static func cancel(_ dialect: Dialect, _ id: String) -> (String, String) {
        switch dialect {
        case .pika: return ("GET", "/v1/pika/jobs/cancel/?jobid=\(id)")
        case .beatra: return ("POST", "/v1/tasks/\(id)/cancel")
        case .praison: return ("POST", "/api/v1/runs/\(id)/cancel")
        case .ogcProcesses: return ("DELETE", "/jobs/\(id)")
        }
    }

    @Test func handlerPropertyCallsHandle() {
        let target = ReferenceTarget(config: TargetConfig(dialect: .praison))
        let reply = target.handler(HTTPRequest(method: "GET", target: "/api/v1/runs/run_x"))
        #expect(Answer(reply).status == 404)
    }
}
