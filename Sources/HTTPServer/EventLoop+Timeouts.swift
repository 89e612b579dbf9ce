import Glibc

/// The periodic sweep: idle, header and linger timeouts.
extension EventLoop {
    /// The answer to a request that did not arrive whole in time.
    static let requestTimeoutResponse = ResponseEncoder.errorResponse(
        HTTPParseError(status: 408, reason: "request not received within the header timeout"))

    /// Closes connections idle longer than the idle timeout, times out requests that take longer than the
    /// header timeout to arrive, and closes lingering connections past their deadline.
    func sweep() {
        setListenerPaused(false)
        for connection in Array(connections.values) {
            if connection.lingering {
                if now >= connection.lingerDeadline { close(connection) }
            } else if connection.delayed == nil && now - connection.lastActivity >= limits.idleTimeout {
                LoopCounters.bump(counters.idleTimeouts)
                close(connection)
            } else if let started = connection.requestStartedAt, isWaitingOnClient(connection),
                      now - started >= limits.headerTimeout {
                timeOutRequest(connection)
            }
        }
    }

    /// Whether the server is reading and the next move is the client's: no delayed response, no final
    /// response on its way out, no back-pressure.
    private func isWaitingOnClient(_ connection: Connection) -> Bool {
        connection.delayed == nil && !connection.closeAfterFlush && !connection.readClosed
            && connection.interest & Self.epollIn != 0
    }

    /// Ends a connection whose request took too long: 408 and close when a request had begun and nothing
    /// else is waiting to go out (RFC 9110 §15.5.9), else a plain close (a client that never sent a byte
    /// gets no unasked-for answer, and one that does not read its earlier answers would not read this one).
    private func timeOutRequest(_ connection: Connection) {
        LoopCounters.bump(counters.headerTimeouts)
        connection.requestStartedAt = nil
        guard connection.parser.hasPartialRequest, !connection.hasPendingOutput else {
            close(connection)
            return
        }
        ResponseEncoder.append(Self.requestTimeoutResponse, headOnly: false, connection: .close,
                               to: &connection.output)
        connection.closeAfterFlush = true
        flush(connection)
    }
}
