import HTTPServer

/// The useapi.net Pika contract (seed 000): create, read and cancel jobs, all behind a Bearer token.
struct PikaAPI: Sendable {
    let context: TargetContext

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let target = RequestTarget(request.target)
        enum Endpoint { case create, read, cancel }
        let endpoint: Endpoint
        if target.pathIs("/v1/pika/jobs/") || target.pathIs("/v1/pika/jobs") {
            endpoint = .read
        } else if target.pathIs("/v1/pika/jobs/cancel/") || target.pathIs("/v1/pika/jobs/cancel") {
            endpoint = .cancel
        } else if target.pathIs("/v1/pika/create") {
            endpoint = .create
        } else {
            return JSONResponse.reply(404, #"{"error":"not found","code":404}"#)
        }
        let allowed = endpoint == .create ? "POST" : "GET"
        guard request.method == allowed else {
            return JSONResponse.reply(405, #"{"error":"method not allowed","code":405}"#,
                                      headers: [(name: "Allow", value: allowed)])
        }
        switch Account(request, config: context.config) {
        case .unauthorized: return JSONResponse.reply(401, #"{"error":"Unauthorized","code":401}"#)
        case .unpaid:
            return JSONResponse.reply(402, #"{"error":"Account has no subscription or subscription expired","code":402}"#)
        case .paid: break
        }
        if endpoint == .create {
            // The body is not interpreted: any or no JSON is accepted, so malformed bodies cannot fail.
            let (sequence, snapshot) = context.store.create()
            return JSONResponse.reply(200, body(id: context.ids.format(sequence), snapshot))
        }
        guard let jobid = QueryString.value(of: "jobid", in: target.query), !jobid.isEmpty else {
            return JSONResponse.reply(400, #"{"error":"Query param jobid not provided","code":400}"#)
        }
        let found: JobSnapshot?
        if let sequence = context.ids.parse(jobid) {
            found = endpoint == .read ? context.store.read(sequence)?.snapshot
                : context.store.cancel(sequence, mode: .immediate)?.snapshot
        } else {
            found = nil
        }
        guard let snapshot = found else {
            var text = JSONText(capacity: 64)
            text.raw(#"{"error":"#)
            var message = "Unable to locate job "
            message += jobid
            text.string(message)
            text.raw(#","code":404}"#)
            return JSONResponse.reply(404, text.bytes)
        }
        // A cancel of a live job answers "cancelled"; of a terminal one, its unchanged final state: both are
        // simply the state right after the request.
        return JSONResponse.reply(200, body(id: jobid, snapshot))
    }

    /// `{"jobid","status","code":200}` plus `error` and `errorDetails` when failed or moderated.
    func body(id: String, _ snapshot: JobSnapshot) -> [UInt8] {
        var text = JSONText(capacity: 160)
        text.raw(#"{"jobid":"#)
        text.string(id)
        text.raw(#","status":"#)
        switch snapshot.phase {
        case .queued: text.raw(#""created""#)
        case .running:
            // The first fifth of the run reports "started", the rest "progress" (as does a resurrected job).
            let early = !snapshot.resurrected && snapshot.elapsed &* 5 < snapshot.runTime
            text.raw(early ? #""started""# : #""progress""#)
        case .terminal(.succeeded): text.raw(#""completed""#)
        case .terminal(.cancelled): text.raw(#""cancelled""#)
        case .terminal(.failed):
            text.raw(#""failed","error":"Job failed","errorDetails":"The simulated generation failed""#)
        case .terminal(.moderated):
            text.raw(#""moderated","error":"Job moderated","errorDetails":"The prompt was flagged by content moderation""#)
        }
        text.raw(#","code":200}"#)
        return text.bytes
    }
}
