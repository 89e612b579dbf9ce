/// Renders a beatra task object (seed 001's field names and order) as JSON bytes.
struct BeatraTaskJSON {
    let context: TargetContext

    /// The task object for job `id` in state `snapshot`, submitted as `request`, whose callback (if it asked
    /// for one) stands at `callback` (nil: not registered yet, shown pending).
    func render(id: String, _ snapshot: JobSnapshot, _ request: TaskRequest, callback: CallbackRecord? = nil) -> [UInt8] {
        var text = JSONText(capacity: 1200 + request.inputJSON.count + request.metadataJSON.count)
        text.raw(#"{"object":"task","task_id":"#)
        text.string(id)
        text.raw(#","status":"#)
        text.string(snapshot.phase.lifecycleName)
        text.raw(#","capability":"#)
        text.string(request.capability)
        text.raw(#","model":"#)
        text.string(request.model)
        text.raw(#","resolved_model":"#)
        text.string(request.resolvedModel)
        text.raw(#","metadata":"#)
        text.raw(bytes: request.metadataJSON)
        text.raw(#","input":"#)
        text.raw(bytes: request.inputJSON)
        text.raw(#","progress":{"percent":"#)
        text.integer(snapshot.percent)
        switch snapshot.phase {
        case .queued: text.raw(#","stage":"queued","message":""}"#)
        case .running: text.raw(#","stage":"running","message":""}"#)
        case .terminal: text.raw(#","stage":"done","message":""}"#)
        }
        if snapshot.outcome == .succeeded {
            text.raw(#","output":{"text":"#)
            text.string("Simulated output of " + id)
            text.raw("}")
        } else {
            text.raw(#","output":null"#)
        }
        text.raw(#","warnings":[]"#)
        switch snapshot.outcome {
        case .failed, .moderated:
            text.raw(#","error":{"code":"task_failed","message":"The simulated task failed","retryable":true}"#)
        default: text.raw(#","error":null"#)
        }
        let credits = Credits(snapshot, creditsPerSecond: context.config.creditsPerSecond)
        text.raw(#","usage":{"credits":"#)
        text.micros(credits.used)
        text.raw(#","credits_usd_reference":"#)
        text.micros(Credits.usdMicros(credits.used))
        text.raw(#"},"billing":{"charged_credits":"#)
        text.micros(credits.charged)
        text.raw(#","refunded_credits":"#)
        text.micros(credits.refunded)
        text.raw(#","charged_credits_usd_reference":"#)
        text.micros(Credits.usdMicros(credits.charged))
        text.raw(#","refunded_credits_usd_reference":"#)
        text.micros(Credits.usdMicros(credits.refunded))
        text.raw(#","currency":"USD"},"callback":"#)
        if let callback {
            callback.render(into: &text, wallClock: context.wallClock)
        } else if let url = request.callbackURL {
            text.raw(#"{"url":"#)
            text.string(url)
            text.raw(#","status":"pending","attempt_count":0,"delivered_at":null,"last_error":null}"#)
        } else {
            text.raw("null")
        }
        text.raw(#","created_at":"#)
        timestamp(snapshot.createdAt, into: &text)
        text.raw(#","started_at":"#)
        timestamp(snapshot.startedAt, into: &text)
        text.raw(#","completed_at":"#)
        timestamp(snapshot.endedAt, into: &text)
        text.raw(#","cancel_requested_at":"#)
        timestamp(snapshot.cancelRequestedAt, into: &text)
        text.raw(#","links":{"self":"/v1/tasks/"#)
        text.raw(bytes: id.utf8)  // Ids are [a-z0-9_], so they need no escaping.
        text.raw(#"","cancel":"/v1/tasks/"#)
        text.raw(bytes: id.utf8)
        text.raw(#"/cancel"}}"#)
        return text.bytes
    }

    /// Writes a quoted timestamp for the monotonic instant, or `null`.
    private func timestamp(_ monotonic: Int64?, into text: inout JSONText) {
        guard let monotonic else { text.raw("null"); return }
        text.timestamp(unixNanoseconds: context.wallClock.unix(monotonic))
    }
}
