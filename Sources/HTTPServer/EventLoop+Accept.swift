import CEpoll
import Glibc

/// Accepting connections, including beyond the connection cap and out of file descriptors.
extension EventLoop {
    /// What a connection over the cap gets before the close: a reason a client can show, instead of a reset.
    static let overCapacityBytes: [UInt8] = {
        var bytes: [UInt8] = []
        ResponseEncoder.append(ResponseEncoder.errorResponse(HTTPParseError(status: 503, reason: "too many connections")),
                               headOnly: false, connection: .close, to: &bytes)
        return bytes
    }()

    /// Accepts until the listener's queue is empty (EAGAIN).
    func acceptAll() {
        while true {
            let fd = accept4(listenFD, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if fd >= 0 {
                if limits.budget.take() { adopt(fd) } else { refuse(fd) }
                continue
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE:
                shedOneConnection()
                return
            default:
                // EAGAIN means the queue is empty; anything else is transient on a listener: try next time.
                return
            }
        }
    }

    /// Registers an accepted socket as a connection.
    private func adopt(_ fd: Int32) {
        // Small responses must not wait for Nagle's algorithm; a failure here only costs latency.
        try? Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1, "setsockopt(TCP_NODELAY)")
        generation &+= 1
        let token = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
        guard Socket.epollControl(epollFD, EPOLL_CTL_ADD, fd, events: Self.epollIn, token: token) else {
            Glibc.close(fd)
            limits.budget.giveBack()
            return
        }
        connections[fd] = Connection(fd: fd, token: token, interest: Self.epollIn, now: now)
        LoopCounters.bump(counters.connectionsAccepted)
        LoopCounters.bump(counters.connectionsOpen)
    }

    /// Over the cap: the connection is answered 503 and closed at once, so a flood of new connections costs
    /// the ones already served nothing but the accept. Accepting (rather than leaving it in the backlog)
    /// keeps the level-triggered listener from waking the loop forever.
    private func refuse(_ fd: Int32) {
        if !loggedCap {
            loggedCap = true
            log("connection cap (\(limits.budget.limit)) reached; answering new connections 503 until some close")
        }
        LoopCounters.bump(counters.connectionsShed)
        // One non-blocking try each: the answer fits an empty socket buffer, and reading what the client
        // already sent keeps the close from turning into a reset that could destroy the answer.
        Self.overCapacityBytes.withUnsafeBytes { _ = send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        _ = recv(fd, readBuffer.baseAddress, readBuffer.count, Int32(MSG_DONTWAIT))
        Glibc.close(fd)
    }

    /// Out of descriptors: the pending connection would keep the level-triggered listener ready forever,
    /// so free the spare descriptor, accept the connection and close it at once, then take the spare back.
    /// If even that fails the listener is paused until the next idle sweep instead of spinning.
    private func shedOneConnection() {
        if !loggedExhaustion {
            loggedExhaustion = true
            log("out of file descriptors (errno \(errno)); shedding new connections until some close")
        }
        if spareFD >= 0 {
            Glibc.close(spareFD)
            let fd = accept4(listenFD, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
            if fd >= 0 {
                Glibc.close(fd)
                LoopCounters.bump(counters.connectionsShed)
            }
            spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        if spareFD < 0 {
            spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if spareFD < 0 { setListenerPaused(true) }
        }
    }

    /// Stops or resumes watching the listener.
    func setListenerPaused(_ paused: Bool) {
        guard paused != listenerPaused else { return }
        listenerPaused = paused
        Socket.epollControl(epollFD, EPOLL_CTL_MOD, listenFD, events: paused ? 0 : Self.epollIn,
                            token: Self.listenerToken)
    }
}
