/// The delivery state of one task's completion callback, as the task object's `callback` field shows it.
struct CallbackRecord: Sendable {
    /// Where delivery stands.
    enum Status: String, Sendable {
        case pending, delivered, failed
    }

    /// The URL as submitted.
    let url: String
    /// The validated address it is delivered to.
    let target: CallbackURL
    var status: Status = .pending
    /// Connection attempts made so far, over every delivery (two deliveries under `duplicate-callback`).
    var attemptCount = 0
    /// Instant of the first successful delivery (target monotonic nanoseconds), or nil.
    var deliveredAt: Int64?
    /// Why the last failed attempt failed, or nil.
    var lastError: String?

    /// Writes the `callback` object; `wallClock` turns `deliveredAt` into Unix time.
    func render(into text: inout JSONText, wallClock: WallClock) {
        text.raw(#"{"url":"#)
        text.string(url)
        text.raw(#","status":"#)
        text.string(status.rawValue)
        text.raw(#","attempt_count":"#)
        text.integer(Int64(attemptCount))
        text.raw(#","delivered_at":"#)
        if let deliveredAt {
            text.timestamp(unixNanoseconds: wallClock.unix(deliveredAt))
        } else {
            text.raw("null")
        }
        text.raw(#","last_error":"#)
        if let lastError { text.string(lastError) } else { text.raw("null") }
        text.raw("}")
    }
}
