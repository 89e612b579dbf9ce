/// One completion callback to send: which task, where, what, and how far it got.
struct CallbackDelivery: Sendable {
    /// The task's sequence number.
    let sequence: UInt64
    /// Where it goes (always 127.0.0.1).
    let target: CallbackURL
    /// The request body: the task object when the delivery was queued.
    let body: [UInt8]
    /// Deliveries of the same task still to send after this one ends (1 under the duplicate-callback fault).
    var copiesAfter = 0
    /// Attempts made so far.
    var attempts = 0

    /// The receiver, as the queue tells receivers apart: by port, the host being always 127.0.0.1.
    var receiver: UInt16 { target.port }
}
