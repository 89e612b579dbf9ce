import HTTPServer

/// The beatra tasks contract (seed 001): submit, read and best-effort cancel, behind a Bearer token,
/// with `Idempotency-Key` on mutating requests and `X-Request-Id` echoed on every response.
struct BeatraAPI: Sendable {
    let context: TargetContext
    let idempotency: IdempotencyStore
    /// Sends completion callbacks for tasks submitted with a `callback_url`.
    let callbacks: CallbackDispatcher
    /// Opportunities of the `idempotency-replay-executes` fault: one per replay.
    private let replays = FaultCounter()
    /// True when `idempotency-replay-executes` can fire; decided once so keyed requests skip it otherwise.
    private let replaysMayExecute: Bool

    init(context: TargetContext, idempotency: IdempotencyStore, callbacks: CallbackDispatcher) {
        self.context = context
        self.idempotency = idempotency
        self.callbacks = callbacks
        replaysMayExecute = context.store.dice.probability(.idempotencyReplayExecutes) > 0
    }

    private enum Endpoint {
        case submit
        case read(id: String)
        case cancel(id: String)
    }

    func handle(_ request: HTTPRequest) -> HTTPReply {
        var echo: [(name: String, value: String)] = []
        if let requestID = JSONResponse.header(request, "x-request-id") {
            echo.append((name: "X-Request-Id", value: requestID))
        }
        let target = RequestTarget(request.target)
        guard let endpoint = route(target) else {
            return JSONResponse.reply(404, error("not_found", "No route for \(target.path)"), headers: echo)
        }
        let allowed: String
        switch endpoint {
        case .submit, .cancel: allowed = "POST"
        case .read: allowed = "GET"
        }
        guard request.method == allowed else {
            return JSONResponse.reply(405, error("method_not_allowed", "Use \(allowed) on this path"),
                                      headers: echo + [(name: "Allow", value: allowed)])
        }
        let token: String
        switch Account(request, config: context.config) {
        case .unauthorized:
            return JSONResponse.reply(401, #"{"error":{"code":"unauthorized","message":"Missing or invalid API key"}}"#,
                                      headers: echo)
        case .unpaid:
            return JSONResponse.reply(
                402, #"{"error":{"code":"payment_required","message":"Account has no active subscription or credits"}}"#,
                headers: echo)
        case .paid(let paidToken): token = paidToken
        }
        let execute: () -> (status: Int, body: [UInt8])
        let executeAgain: () -> (status: Int, body: [UInt8])
        switch endpoint {
        case .read(let id): let (status, body) = read(id); return JSONResponse.reply(status, body, headers: echo)
        case .submit: execute = { submit(request.body) }; executeAgain = execute
        case .cancel(let id):
            execute = { cancel(id, body: request.body) }
            executeAgain = { cancel(id, body: request.body, reexecute: true) }
        }
        guard let key = JSONResponse.header(request, "idempotency-key"), !key.isEmpty else {
            let (status, body) = execute()
            return JSONResponse.reply(status, body, headers: echo)
        }
        let fingerprint = IdempotencyStore.Fingerprint(method: request.method, path: target.path, body: request.body)
        var replayExecutes: (() -> (status: Int, body: [UInt8])?)?
        if replaysMayExecute {
            replayExecutes = {
                let fires = context.store.dice.fires(.idempotencyReplayExecutes, sequence: 0, opportunity: replays.next())
                return fires ? executeAgain() : nil
            }
        }
        switch idempotency.perform(scope: IdempotencyStore.scope(ofToken: token), key: key, fingerprint: fingerprint, executeAgain: replayExecutes,
                                   execute: execute) {
        case .executed(let status, let body):
            return JSONResponse.reply(status, body, headers: echo)
        case .replayed(let status, let body):
            return JSONResponse.reply(status, body, headers: echo + [(name: "Idempotent-Replayed", value: "true")])
        case .reused:
            return JSONResponse.reply(
                422, error("idempotency_key_reused", "Idempotency-Key was already used with a different request"),
                headers: echo)
        }
    }

    /// `/v1/tasks`, `/v1/tasks/{id}` or `/v1/tasks/{id}/cancel`; nil for anything else.
    private func route(_ target: RequestTarget) -> Endpoint? {
        if target.pathIs("/v1/tasks") { return .submit }
        guard let parts = target.segments(after: "/v1/tasks/"), let first = parts.first, !first.isEmpty else {
            return nil
        }
        let id = QueryString.percentDecode(first)
        if parts.count == 1 { return .read(id: id) }
        if parts.count == 2 && parts[1].spells("cancel") { return .cancel(id: id) }
        return nil
    }

    private var renderer: BeatraTaskJSON { BeatraTaskJSON(context: context) }

    private func submit(_ body: [UInt8]) -> (status: Int, body: [UInt8]) {
        switch TaskRequestParser.parse(body) {
        case .failure(let invalid): return (400, error("invalid_request", invalid.message))
        case .success(let taskRequest):
            let (sequence, snapshot) = context.store.create(request: taskRequest)
            if let url = taskRequest.callbackURL, let target = CallbackURL(url) {
                callbacks.register(sequence: sequence, url: url, target: target)
            }
            return (202, renderer.render(id: context.ids.format(sequence), snapshot, taskRequest,
                                         callback: callback(sequence, taskRequest)))
        }
    }

    private func read(_ id: String) -> (status: Int, body: [UInt8]) {
        guard let sequence = context.ids.parse(id), let (snapshot, request) = context.store.read(sequence) else {
            return notFound(id)
        }
        return (200, renderer.render(id: id, snapshot, request, callback: callback(sequence, request)))
    }

    /// The callback state to show for task `sequence`, looked up only when it asked for one.
    private func callback(_ sequence: UInt64, _ request: TaskRequest) -> CallbackRecord? {
        request.callbackURL == nil ? nil : callbacks.record(sequence)
    }

    private func cancel(_ id: String, body: [UInt8], reexecute: Bool = false) -> (status: Int, body: [UInt8]) {
        // The body (`{"reason": ...}`) is optional, but when present it must be a JSON object.
        let blank = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard blank || JSONScanner.objectMembers(body) != nil else {
            return (400, error("invalid_request", "Request body must be a JSON object"))
        }
        // Queued: cancelled now. Running: a request (status stays running until it stops). Terminal, or a
        // request already pending: unchanged, so a duplicate keeps the first cancel_requested_at.
        guard let sequence = context.ids.parse(id),
              let (_, snapshot, request) = context.store.cancel(sequence, mode: .bestEffort, reexecute: reexecute) else {
            return notFound(id)
        }
        return (200, renderer.render(id: id, snapshot, request, callback: callback(sequence, request)))
    }

    private func notFound(_ id: String) -> (status: Int, body: [UInt8]) {
        (404, error("not_found", "Task \(id) not found"))
    }

    /// `{"error":{"code":...,"message":...}}` with the message escaped.
    private func error(_ code: StaticString, _ message: String) -> [UInt8] {
        var text = JSONText(capacity: 96)
        text.raw(#"{"error":{"code":""#)
        text.raw(code)
        text.raw(#"","message":"#)
        text.string(message)
        text.raw("}}")
        return text.bytes
    }
}
