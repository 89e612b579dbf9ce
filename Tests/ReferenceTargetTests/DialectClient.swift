import Foundation
@testable import ReferenceTarget

/// The four contracts' submit, read and cancel calls behind one interface, so fault tests can run one
/// scenario on every dialect (OGC API – Processes: execute, status info and dismiss).
struct DialectClient {
    let f: Fixture
    let dialect: Dialect

    init(_ f: Fixture, _ dialect: Dialect) {
        self.f = f
        self.dialect = dialect
    }

    /// Submits a job; returns the answer and the new job's id ("" when refused).
    @discardableResult
    func submit(headers: [(name: String, value: String)] = [], body: String? = nil) -> (answer: Answer, id: String) {
        let answer: Answer
        switch dialect {
        case .pika: answer = f.call("POST", "/v1/pika/create", headers: headers, body: body ?? "{}")
        case .beatra: answer = f.call("POST", "/v1/tasks", headers: headers, body: body)
        case .praison: answer = f.call("POST", "/api/v1/runs", headers: headers, body: body ?? #"{"prompt":"p"}"#)
        case .ogcProcesses:
            answer = f.call("POST", "/processes/sleep/execution", headers: headers + [(name: "prefer", value: "respond-async")],
                            body: body ?? #"{"inputs":{}}"#)
        }
        return (answer, answer.string(idKey) ?? "")
    }

    /// Reads job `id`.
    func read(_ id: String) -> Answer {
        switch dialect {
        case .pika: return f.call("GET", "/v1/pika/jobs/?jobid=\(id)")
        case .beatra: return f.call("GET", "/v1/tasks/\(id)")
        case .praison: return f.call("GET", "/api/v1/runs/\(id)")
        case .ogcProcesses: return f.call("GET", "/jobs/\(id)")
        }
    }

    /// Cancels job `id`.
    func cancel(_ id: String, headers: [(name: String, value: String)] = []) -> Answer {
        switch dialect {
        case .pika: return f.call("GET", "/v1/pika/jobs/cancel/?jobid=\(id)", headers: headers)
        case .beatra: return f.call("POST", "/v1/tasks/\(id)/cancel", headers: headers)
        case .praison: return f.call("POST", "/api/v1/runs/\(id)/cancel", headers: headers)
        case .ogcProcesses: return f.call("DELETE", "/jobs/\(id)", headers: headers)
        }
    }

    /// The id field of a submit answer.
    var idKey: String {
        switch dialect {
        case .pika: return "jobid"
        case .beatra: return "task_id"
        case .praison: return "job_id"
        case .ogcProcesses: return "jobID"
        }
    }

    /// The dialect's word for a running job as a late-run read shows it.
    var runningName: String { dialect == .pika ? "progress" : "running" }

    /// The dialect's word for a job that succeeded.
    var succeededName: String {
        switch dialect {
        case .pika: return "completed"
        case .beatra, .praison: return "succeeded"
        case .ogcProcesses: return "successful"
        }
    }

    /// The dialect's word for a queued job.
    var queuedName: String {
        switch dialect {
        case .pika: return "created"
        case .beatra, .praison: return "queued"
        case .ogcProcesses: return "accepted"
        }
    }

    /// The dialect's word for a job its cancel stopped, as the cancel answers it.
    var cancelledName: String { dialect == .ogcProcesses ? "dismissed" : "cancelled" }

    /// The true state of job `id`, bypassing every fault.
    func truth(_ id: String) -> JobSnapshot? {
        f.target.ids.parse(id).flatMap { f.target.store.peek($0)?.snapshot }
    }

    /// A scenario touching every fault opportunity: queued, running and finished jobs read, cancelled and
    /// cancelled again (beatra with Idempotency-Keys too). Returns every answer's status and body.
    func scenario() -> [String] {
        var log: [String] = []
        func note(_ answer: Answer) { log.append("\(answer.status) \(answer.text)") }
        let keyed = dialect == .beatra ? [(name: "idempotency-key", value: "k1")] : []
        let a = submit(headers: keyed); note(a.answer)
        note(submit(headers: keyed).answer)  // a replay where keys exist
        f.advance(ms: 50)
        note(read(a.id)); note(cancel(a.id, headers: keyed)); note(read(a.id)); note(cancel(a.id, headers: keyed))
        let b = submit(); note(b.answer)
        f.advance(ms: 600)
        note(read(b.id)); note(cancel(b.id)); note(read(b.id)); note(cancel(b.id))
        f.advance(ms: 300)
        note(read(b.id)); note(cancel(b.id)); note(read(b.id))
        let c = submit(); note(c.answer)
        f.advance(ms: 1500)
        note(read(c.id)); note(cancel(c.id)); note(read(c.id)); note(cancel(c.id)); note(read(a.id)); note(read(b.id))
        return log
    }
}
