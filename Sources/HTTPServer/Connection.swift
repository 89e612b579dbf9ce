/// One accepted client connection; owned and touched only by its event loop's thread.
final class Connection {
    /// A response the handler asked to send later, holding back every later request on this connection.
    struct Delayed {
        var response: HTTPResponse
        var headOnly: Bool
        var connection: ResponseEncoder.ConnectionHeader
    }

    /// The socket.
    let fd: Int32
    /// The epoll token: fd in the low 32 bits, a per-loop generation above, so stale events and timers
    /// for a closed connection whose fd number was reused are recognised and ignored.
    let token: UInt64
    var parser = HTTPParser()
    /// Bytes to send; `sent` of them have gone out already.
    var output: [UInt8] = []
    var sent = 0
    /// The response waiting on a timer, if any.
    var delayed: Delayed?
    /// Close once the output is flushed (after `Connection: close` or an error response).
    var closeAfterFlush = false
    /// The peer sent FIN: answer what was received, then close.
    var readClosed = false
    /// Write side shut after a final response; unread input is drained until EOF or `lingerDeadline`,
    /// so the kernel does not answer it with a RST that could destroy the response in flight.
    var lingering = false
    var lingerDeadline: Int64 = 0
    /// Events currently registered with epoll.
    var interest: UInt32
    /// Last time bytes moved in either direction, in monotonic nanoseconds, for the idle timeout.
    var lastActivity: Int64
    /// When the request being received began, in monotonic nanoseconds, for the header timeout: its first
    /// byte, or the accept for a connection's first request; nil between requests on a kept-alive connection,
    /// where only the idle timeout applies.
    var requestStartedAt: Int64?

    init(fd: Int32, token: UInt64, interest: UInt32, now: Int64) {
        self.fd = fd
        self.token = token
        self.interest = interest
        self.lastActivity = now
        // nginx's rule: a new connection owes its first request within the header timeout, so one that
        // connects and says nothing is not kept for the whole idle timeout.
        self.requestStartedAt = now
        output.reserveCapacity(4096)
    }

    /// Whether output is waiting for the socket to become writable.
    var hasPendingOutput: Bool { sent < output.count }
}
