import CEpoll
import Glibc

/// Reading, writing and closing connections.
extension EventLoop {
    /// Dispatches one epoll event to its connection, ignoring events for connections already gone.
    func handleEvent(token: UInt64, flags: UInt32) {
        let fd = Int32(truncatingIfNeeded: token & 0xFFFF_FFFF)
        guard let connection = connections[fd], connection.token == token else { return }
        if flags & Self.epollIn != 0 {
            readable(connection)
        } else if flags & Self.epollErrorOrHangUp != 0 {
            // Error or hang-up with nothing left to read: the peer is gone (reset or both sides shut).
            close(connection)
            return
        }
        if flags & Self.epollOut != 0 && connections[fd] === connection { flush(connection) }
    }

    /// Reads once, answers every complete request, and sends the batch.
    private func readable(_ connection: Connection) {
        let n = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
        if n > 0 {
            connection.lastActivity = now
            // A lingering connection already has its final response; its input is only drained.
            if connection.lingering { return }
            connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
            process(connection)
            if connections[connection.fd] === connection { flush(connection) }
        } else if n == 0 {
            if connection.lingering { close(connection); return }
            connection.readClosed = true
            flush(connection)
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            close(connection)  // ECONNRESET and friends: nothing more can be said to this peer.
        }
    }

    /// Sends buffered output until done or EAGAIN, then closes or re-arms epoll as the state asks.
    func flush(_ connection: Connection) {
        while connection.hasPendingOutput {
            let sent = connection.output.withUnsafeBytes { bytes in
                // MSG_NOSIGNAL: a peer that went away gives EPIPE here instead of killing the process.
                send(connection.fd, bytes.baseAddress! + connection.sent, bytes.count - connection.sent,
                     Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.sent += sent
                connection.lastActivity = now
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                close(connection)
                return
            }
        }
        if !connection.hasPendingOutput {
            resetOutput(connection)
            if connection.closeAfterFlush && !connection.lingering {
                linger(connection)
                return
            }
            if connection.readClosed && connection.delayed == nil && !connection.lingering {
                close(connection)
                return
            }
        }
        updateInterest(connection)
    }

    /// Empties the output buffer, keeping its storage unless a big response blew it up.
    private func resetOutput(_ connection: Connection) {
        if connection.output.capacity > 64 * 1024 {
            connection.output = []
            connection.output.reserveCapacity(4096)
        } else {
            connection.output.removeAll(keepingCapacity: true)
        }
        connection.sent = 0
    }

    /// After the final response: shut the write side and drain input briefly, so closing with unread
    /// bytes does not make the kernel send a RST that could discard the response before the client reads it.
    private func linger(_ connection: Connection) {
        if connection.readClosed {
            close(connection)
            return
        }
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.lingering = true
        connection.lingerDeadline = now + Self.lingerNanoseconds
        updateInterest(connection)
    }

    /// Registers the events the connection needs now: input unless blocked, output while some is pending.
    func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        if connection.lingering {
            wanted = Self.epollIn
        } else {
            let backedUp = connection.output.count - connection.sent > Self.outputHighWater
            // While a delayed response waits, later requests must wait too, so stop reading them.
            if !connection.readClosed && !connection.closeAfterFlush && connection.delayed == nil && !backedUp {
                wanted |= Self.epollIn
                // Reading resumes after back-pressure: the time the server did not read was not the
                // client's, so a request it had begun gets its full header timeout from now.
                if connection.interest & Self.epollIn == 0 && connection.requestStartedAt != nil {
                    connection.requestStartedAt = now
                }
            }
            if connection.hasPendingOutput { wanted |= Self.epollOut }
        }
        guard wanted != connection.interest else { return }
        connection.interest = wanted
        Socket.epollControl(epollFD, EPOLL_CTL_MOD, connection.fd, events: wanted, token: connection.token)
    }

    /// Closes the socket at once and forgets the connection (its timers become stale and are ignored).
    func close(_ connection: Connection) {
        guard connections[connection.fd] === connection else { return }
        connections[connection.fd] = nil
        Glibc.close(connection.fd)
        limits.budget.giveBack()
        LoopCounters.bump(counters.connectionsOpen, by: -1)
    }
}
