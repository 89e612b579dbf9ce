import HTTPServer

/// The PraisonAI async runs contract (seed 002): submit, read, fetch the result and cancel; no authentication.
struct PraisonAPI: Sendable {
    let context: TargetContext

    private enum Endpoint {
        case submit
        case read(id: String)
        case result(id: String)
        case cancel(id: String)
    }

    func handle(_ request: HTTPRequest) -> HTTPReply {
        guard let endpoint = route(RequestTarget(request.target)) else { return JSONResponse.reply(404, #"{"detail":"Not Found"}"#) }
        let allowed: String
        switch endpoint {
        case .submit, .cancel: allowed = "POST"
        case .read, .result: allowed = "GET"
        }
        guard request.method == allowed else {
            return JSONResponse.reply(405, #"{"detail":"Method Not Allowed"}"#, headers: [(name: "Allow", value: allowed)])
        }
        switch endpoint {
        case .submit: return submit(request.body)
        case .read(let id):
            guard let (snapshot, _) = lookup(id).flatMap(context.store.read) else { return notFound }
            return JSONResponse.reply(200, status(id: id, snapshot))
        case .result(let id):
            guard let (snapshot, _) = lookup(id).flatMap(context.store.read) else { return notFound }
            guard snapshot.outcome == .succeeded else { return JSONResponse.reply(409, #"{"detail":"Job not completed"}"#) }
            var text = JSONText(capacity: 128)
            text.raw(#"{"job_id":"#)
            text.string(id)
            text.raw(#","status":"succeeded","result":"#)
            text.string("Simulated result of " + id)
            text.raw("}")
            return JSONResponse.reply(200, text.bytes)
        case .cancel(let id):
            guard let (accepted, snapshot, _) = lookup(id).flatMap({ context.store.cancel($0, mode: .immediate) }) else {
                return notFound
            }
            // Any terminal run (succeeded, failed or already cancelled) cannot be cancelled.
            guard accepted, let cancelledAt = snapshot.endedAt else {
                return JSONResponse.reply(400, #"{"detail":"Job already completed"}"#)
            }
            var text = JSONText(capacity: 96)
            text.raw(#"{"job_id":"#)
            text.string(id)
            text.raw(#","status":"cancelled","cancelled_at":"#)
            text.timestamp(unixNanoseconds: context.wallClock.unix(cancelledAt))
            text.raw("}")
            return JSONResponse.reply(200, text.bytes)
        }
    }

    private var notFound: HTTPReply { JSONResponse.reply(404, #"{"detail":"Job not found"}"#) }

    private func lookup(_ id: String) -> UInt64? { context.ids.parse(id) }

    /// `/api/v1/runs`, `/api/v1/runs/{id}`, `.../result` or `.../cancel`; nil for anything else.
    private func route(_ target: RequestTarget) -> Endpoint? {
        if target.pathIs("/api/v1/runs") { return .submit }
        guard let parts = target.segments(after: "/api/v1/runs/"), let first = parts.first, !first.isEmpty else {
            return nil
        }
        let id = QueryString.percentDecode(first)
        if parts.count == 1 { return .read(id: id) }
        guard parts.count == 2 else { return nil }
        if parts[1].spells("result") { return .result(id: id) }
        if parts[1].spells("cancel") { return .cancel(id: id) }
        return nil
    }

    /// Accepts `{"prompt": "..."}`; anything else is a 422, as FastAPI's request validation answers.
    private func submit(_ body: [UInt8]) -> HTTPReply {
        guard let members = JSONScanner.objectMembers(body),
              members.contains(where: { $0.key == "prompt" && $0.kind == .string }) else {
            return JSONResponse.reply(422, #"{"detail":"Request body must be a JSON object with a string prompt"}"#)
        }
        let (sequence, snapshot) = context.store.create()
        var text = JSONText(capacity: 96)
        text.raw(#"{"job_id":"#)
        text.string(context.ids.format(sequence))
        text.raw(#","status":"queued","created_at":"#)
        text.timestamp(unixNanoseconds: context.wallClock.unix(snapshot.createdAt))
        text.raw("}")
        return JSONResponse.reply(202, text.bytes)
    }

    /// The status object: state, integer progress, the four timestamps and `retry_after` (seconds).
    private func status(id: String, _ snapshot: JobSnapshot) -> [UInt8] {
        var text = JSONText(capacity: 256)
        text.raw(#"{"job_id":"#)
        text.string(id)
        text.raw(#","status":"#)
        text.string(snapshot.phase.lifecycleName)
        text.raw(#","progress":"#)
        text.integer(snapshot.percent)
        text.raw(#","created_at":"#)
        timestamp(snapshot.createdAt, into: &text)
        text.raw(#","started_at":"#)
        timestamp(snapshot.startedAt, into: &text)
        // completed_at marks a run that finished (succeeded or failed); a cancelled run has cancelled_at instead.
        let cancelled = snapshot.outcome == .cancelled
        text.raw(#","completed_at":"#)
        timestamp(cancelled ? nil : snapshot.endedAt, into: &text)
        text.raw(#","cancelled_at":"#)
        timestamp(cancelled ? snapshot.endedAt : nil, into: &text)
        text.raw(#","retry_after":1}"#)
        return text.bytes
    }

    private func timestamp(_ monotonic: Int64?, into text: inout JSONText) {
        guard let monotonic else { text.raw("null"); return }
        text.timestamp(unixNanoseconds: context.wallClock.unix(monotonic))
    }
}
