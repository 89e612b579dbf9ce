import CEpoll
import Glibc

/// Turning parsed requests into responses, in order, including delayed ones.
extension EventLoop {
    /// Answers every complete buffered request, stopping at a delayed response or a closing one.
    func process(_ connection: Connection) {
        while connection.delayed == nil && !connection.closeAfterFlush {
            let request: HTTPRequest
            do {
                guard let next = try connection.parser.next() else { break }
                request = next
                connection.requestStartedAt = nil
            } catch {
                LoopCounters.bump(counters.parseErrors)
                ResponseEncoder.append(ResponseEncoder.errorResponse(error), headOnly: false, connection: .close,
                                       to: &connection.output)
                connection.closeAfterFlush = true
                return
            }
            let keepAlive = Self.keepsAlive(request)
            let header: ResponseEncoder.ConnectionHeader =
                !keepAlive ? .close : (request.minorVersion == 0 ? .keepAlive : .none)
            let headOnly = request.method == "HEAD"
            switch handler(request) {
            case .respond(let response):
                ResponseEncoder.append(response, headOnly: headOnly, connection: header, to: &connection.output)
                LoopCounters.bump(counters.requestsServed)
                connection.closeAfterFlush = !keepAlive
            case .respondAfter(let nanoseconds, let response):
                connection.delayed = Connection.Delayed(response: response, headOnly: headOnly, connection: header)
                // Saturating: an absurd delay means "never" rather than an overflowed deadline in the past.
                let delay = max(0, nanoseconds)
                timers.schedule(at: delay > Int64.max - now ? Int64.max : now + delay, token: connection.token)
            case .close:
                // Answers already buffered for earlier requests get one best-effort send, then the drop.
                abort(connection)
                return
            }
        }
        // Ask for the body only when everything before this request has been answered, to keep order.
        if connection.parser.wantsContinue && connection.delayed == nil && !connection.closeAfterFlush {
            connection.output.append(contentsOf: ResponseEncoder.continueBytes)
            connection.parser.acknowledgeContinue()
        }
        // A request has begun and the server is waiting on the client for the rest: its clock starts now.
        // Not while a delayed response holds the connection: that wait is the server's, not the client's.
        if connection.requestStartedAt == nil && connection.parser.hasPartialRequest
            && connection.delayed == nil && !connection.closeAfterFlush {
            connection.requestStartedAt = now
        }
    }

    /// Sends delayed responses that are due and resumes their connections.
    func fireTimers() {
        while let entry = timers.popDue(now: now) {
            let fd = Int32(truncatingIfNeeded: entry.token & 0xFFFF_FFFF)
            guard let connection = connections[fd], connection.token == entry.token,
                  let delayed = connection.delayed else { continue }
            connection.delayed = nil
            // Bytes of the next request read before the delay was over start their clock only now.
            connection.requestStartedAt = nil
            ResponseEncoder.append(delayed.response, headOnly: delayed.headOnly, connection: delayed.connection,
                                   to: &connection.output)
            LoopCounters.bump(counters.requestsServed)
            if delayed.connection == .close {
                connection.closeAfterFlush = true
            } else {
                process(connection)
            }
            if connections[fd] === connection { flush(connection) }
        }
    }

    /// Drops the connection as a faulty server would, after one non-blocking try at pending output.
    private func abort(_ connection: Connection) {
        if connection.hasPendingOutput {
            connection.output.withUnsafeBytes { bytes in
                _ = send(connection.fd, bytes.baseAddress! + connection.sent, bytes.count - connection.sent,
                         Int32(MSG_NOSIGNAL))
            }
        }
        close(connection)
    }

    /// Whether the connection stays open after answering `request` (RFC 9112 §9.3).
    static func keepsAlive(_ request: HTTPRequest) -> Bool {
        var close = false
        var keepAlive = false
        for field in request.headers where field.name == "connection" {
            for option in field.value.split(separator: ",") {
                let token = option.trimmingWhitespace().lowercased()
                if token == "close" { close = true }
                if token == "keep-alive" { keepAlive = true }
            }
        }
        if close { return false }
        return request.minorVersion >= 1 || keepAlive
    }
}
