import HTTPServer

/// The OGC API – Processes – Part 1: Core contract (OGC 18-062r2, version 1.0.0) with its Dismiss requirements
/// class: one process, `sleep`, executed asynchronously; jobs read, dismissed and their results fetched.
///
/// Clause numbers are those of the published standard (docs.ogc.org/is/18-062r2); requirement names are the
/// standard's own (`/req/...`). Where the standard leaves a choice to the server, the choice is stated where it
/// is made. No authentication: the standard requires none (clause 9, Security Considerations, only advises
/// access control for dismiss), so, as for PraisonAI, an `Authorization` header is neither needed nor checked.
struct OGCProcessesAPI: Sendable {
    let context: TargetContext

    /// The one process this target offers. Its jobs simulate a queue wait, a run with progress and an outcome.
    static let processID = "sleep"

    private enum Endpoint {
        case processList
        case process(id: String)
        case execute(processID: String)
        case job(id: String)
        case results(id: String)
    }

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let target = RequestTarget(request.target)
        guard let endpoint = route(target) else {
            return OGCProblem.reply(404, type: "about:blank", title: "Not Found", detail: "No resource at \(target.path)")
        }
        let allowed: [String]
        switch endpoint {
        case .processList, .process, .results: allowed = ["GET"]
        case .execute: allowed = ["POST"]
        case .job: allowed = ["GET", "DELETE"]  // status info (clause 7.12) and dismiss (clause 13)
        }
        guard allowed.contains(request.method) else {
            let list = allowed.joined(separator: ", ")
            return OGCProblem.reply(405, type: "about:blank", title: "Method Not Allowed",
                                    detail: "Use \(list) on this path", headers: [(name: "Allow", value: list)])
        }
        let json = OGCProcessesJSON(context: context)
        switch endpoint {
        case .processList: return JSONResponse.reply(200, json.processList())
        case .process(let id):
            guard id == Self.processID else { return noSuchProcess(id) }
            return JSONResponse.reply(200, json.processDescription())
        case .execute(let processID):
            guard processID == Self.processID else { return noSuchProcess(processID) }
            return execute(request)
        case .job(let id) where request.method == "DELETE":
            guard let sequence = context.ids.parse(id), let snapshot = context.store.dismiss(sequence) else {
                return noSuchJob(id)
            }
            return JSONResponse.reply(200, json.statusInfo(id: id, snapshot, dismissed: true))
        case .job(let id):
            guard let sequence = context.ids.parse(id), let (snapshot, _) = context.store.read(sequence),
                  !snapshot.gone else { return noSuchJob(id) }
            return JSONResponse.reply(200, json.statusInfo(id: id, snapshot))
        case .results(let id): return results(id)
        }
    }

    /// `/processes`, `/processes/{processID}`, `/processes/{processID}/execution`, `/jobs/{jobID}` or
    /// `/jobs/{jobID}/results`; nil for anything else (`/jobs` itself belongs to the Job list class, not served).
    private func route(_ target: RequestTarget) -> Endpoint? {
        if target.pathIs("/processes") { return .processList }
        if let parts = target.segments(after: "/processes/"), let first = parts.first, !first.isEmpty {
            let id = QueryString.percentDecode(first)
            if parts.count == 1 { return .process(id: id) }
            if parts.count == 2 && parts[1].spells("execution") { return .execute(processID: id) }
            return nil
        }
        if let parts = target.segments(after: "/jobs/"), let first = parts.first, !first.isEmpty {
            let id = QueryString.percentDecode(first)
            if parts.count == 1 { return .job(id: id) }
            if parts.count == 2 && parts[1].spells("results") { return .results(id: id) }
        }
        return nil
    }

    /// `POST /processes/sleep/execution` (clause 7.11). `sleep`'s job control options are `async-execute` and
    /// `dismiss` only, so the execution is asynchronous whether or not `Prefer: respond-async` is sent
    /// (/req/core/process-execute-default-execution-mode and /req/core/process-execute-auto-execution-mode: "The
    /// server SHALL respond asynchronously if ... the process can only be executed asynchronously"). The answer
    /// follows /req/core/process-execute-success-async: 201, a `Location` header linking to the new job, and a
    /// statusInfo body. `Preference-Applied: respond-async` is added when the client asked for it
    /// (/rec/core/process-execute-preference-applied).
    ///
    /// The body must be a JSON object (execute.yaml, /req/core/process-execute-request) whose `inputs` and
    /// `outputs`, when present, are objects and whose `response` is `raw` or `document`; anything else is a 400
    /// (the standard names no exception type for it; `InvalidParameterValue` is the one its text uses as an
    /// example). `sleep` declares no inputs, and the standard does not say what to do with undeclared ones:
    /// they are ignored.
    private func execute(_ request: HTTPRequest) -> HTTPReply {
        guard let members = JSONScanner.objectMembers(request.body) else {
            return invalid("The execute request must be a JSON object (execute.yaml)")
        }
        var document = false
        for member in members where member.kind != .null {
            switch member.key {
            case "inputs", "outputs":
                guard member.kind == .object else { return invalid("\(member.key) must be an object") }
            case "response":
                guard let value = member.string, value == "raw" || value == "document" else {
                    return invalid("response must be \"raw\" or \"document\"")
                }
                document = value == "document"
            default:
                continue
            }
        }
        let (sequence, snapshot) = context.store.create(documentResults: document)
        let id = context.ids.format(sequence)
        var headers: [(name: String, value: String)] = [(name: "Location", value: "/jobs/" + id)]
        if OGCPreference.respondAsync(in: request) {
            headers.append((name: "Preference-Applied", value: "respond-async"))
        }
        return JSONResponse.reply(201, OGCProcessesJSON(context: context).statusInfo(id: id, snapshot), headers: headers)
    }

    /// `GET /jobs/{jobID}/results` (clause 7.13). A job not yet finished is a 404 `result-not-ready`
    /// (/req/core/job-results-exception/results-not-ready; the requirement names running jobs, and an accepted
    /// job's results are no readier). A successful job's one output, `result`, comes raw (200, `text/plain`,
    /// /req/core/job-results-async-raw-value-one) unless the execute request asked `"response": "document"`
    /// (200, a results.yaml document, /req/core/job-results-async-document). A failed job answers "a HTTP error
    /// code that corresponds to the reason of the failure" (/req/core/job-results-failed): the simulated failure
    /// is the server's own, so 500 with the OWS exception code `NoApplicableCode`.
    private func results(_ id: String) -> HTTPReply {
        guard let sequence = context.ids.parse(id), let (snapshot, _) = context.store.read(sequence), !snapshot.gone else {
            return noSuchJob(id)
        }
        switch snapshot.phase {
        case .queued, .running:
            return OGCProblem.reply(404, type: OGCProblem.resultNotReady, title: "Result not ready",
                                    detail: "Job \(id) has not finished")
        case .terminal(.failed), .terminal(.moderated):
            return OGCProblem.reply(500, type: "NoApplicableCode", title: "Process failed",
                                    detail: "The simulated process failed")
        case .terminal(.cancelled):
            return noSuchJob(id)  // Only a dismissed job ends cancelled, and a dismissed job is gone.
        case .terminal(.succeeded):
            let value = "Simulated result of " + id
            if context.store.wantsDocumentResults(sequence) == true {
                var text = JSONText(capacity: 96)
                text.raw(#"{"result":"#)
                text.string(value)
                text.raw("}")
                return JSONResponse.reply(200, text.bytes)
            }
            return .respond(HTTPResponse(status: 200, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")],
                                         body: Array(value.utf8)))
        }
    }

    /// /req/core/job-exception-no-such-job (and /req/core/job-results-exception/no-such-job, and clause 13's
    /// error situations for dismiss): 404 with the `no-such-job` exception type.
    private func noSuchJob(_ id: String) -> HTTPReply {
        OGCProblem.reply(404, type: OGCProblem.noSuchJob, title: "No such job", detail: "Job \(id) does not exist")
    }

    /// /req/core/process-exception/no-such-process: 404 with the `no-such-process` exception type.
    private func noSuchProcess(_ id: String) -> HTTPReply {
        OGCProblem.reply(404, type: OGCProblem.noSuchProcess, title: "No such process",
                         detail: "Process \(id) does not exist")
    }

    private func invalid(_ detail: String) -> HTTPReply {
        OGCProblem.reply(400, type: "InvalidParameterValue", title: "Invalid execute request", detail: detail)
    }
}
