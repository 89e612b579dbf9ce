import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection of the native client: connecting, carrying an exchange, or idle in its origin's pool.
final class Connection {
    let fd: Int32
    let origin: Int
    /// The epoll token: the descriptor in the low 32 bits and a generation above, so an event for a closed
    /// connection is never taken for a new one with the same descriptor.
    let token: UInt64
    /// Which of the origin's addresses it connects to.
    let addressIndex: Int
    var interest: UInt32 = 0
    var connected = false
    /// Whether an answer came over it already: a kept-alive connection that dies before any answer gets its
    /// request sent again on a fresh one, as libcurl does.
    var used = false
    var exchange: Exchange?

    init(fd: Int32, origin: Int, token: UInt64, addressIndex: Int) {
        self.fd = fd
        self.origin = origin
        self.token = token
        self.addressIndex = addressIndex
    }
}

/// The state of one exchange inside the native client; reused across exchanges.
final class Exchange {
    var tag = 0
    var origin = 0
    var startedAt: Int64 = 0
    var sentAt: Int64 = 0
    /// The current deadline: the connect timeout's while connecting, else `overallDeadline`.
    var deadline: Int64 = 0
    var overallDeadline: Int64 = 0
    var timeoutMilliseconds = 0
    var sends = 0
    var newConnections = 0
    /// Connect attempts on the origin's addresses for this send.
    var attempt = 0
    var out: [UInt8] = []
    var written = 0
    var parser = ResponseParser(maxBody: 0, captureHeaders: false, headRequest: false)
}

/// The connections and addresses of one `http://host:port`.
struct OriginPool {
    let url: PlainURL
    /// `http://host:port` as the URLs write it, compared with each request's URL.
    let prefixBytes: [UInt8]
    let hostHeader: [UInt8]
    var addresses: [SocketAddress]?
    var resolveFailure: String?
    var resolvedAt: Int64 = 0
    /// The address that last connected, tried first.
    var preferred = 0
    var idle: [Connection] = []

    init(url: PlainURL) {
        self.url = url
        prefixBytes = Array(url.origin.utf8)
        hostHeader = Array(url.hostHeader.utf8)
    }
}

/// How a caller's header line goes on the wire, with libcurl's conventions: `Name:` with nothing after the
/// colon sends nothing (in libcurl it removes a header of its own), `Name;` sends an empty header.
enum HeaderLine: Equatable {
    case field(isLength: Bool)
    case removal
    case empty(name: Substring)
    case ignored
    /// A CR, LF or other control character: never sent.
    case unsafe

    static func classify(_ line: String) -> HeaderLine {
        let kind = line.utf8.withContiguousStorageIfAvailable { classify(bytes: $0) }
            ?? Array(line.utf8).withUnsafeBufferPointer { classify(bytes: $0) }
        return kind == .empty(name: "") ? .empty(name: line.dropLast()) : kind
    }

    /// The classification of a line's bytes; `.empty` comes back with an empty name, filled in by the caller.
    private static func classify(bytes: UnsafeBufferPointer<UInt8>) -> HeaderLine {
        var colon = -1, blankAfterColon = true
        for i in 0..<bytes.count {
            let b = bytes[i]
            if (b < 0x20 && b != 0x09) || b == 0x7F { return .unsafe }
            if colon < 0 {
                if b == UInt8(ascii: ":") { colon = i }
            } else if b != 0x20 && b != 0x09 {
                blankAfterColon = false
            }
        }
        if colon < 0 { return bytes.count > 1 && bytes[bytes.count - 1] == UInt8(ascii: ";") ? .empty(name: "") : .ignored }
        if colon == 0 { return .ignored }
        if blankAfterColon { return .removal }
        let name = UnsafeBufferPointer(rebasing: bytes[0..<colon])
        return .field(isLength: colon == 14 && ResponseParser.equalsLower(name, "content-length"))
    }

    /// Whether a caller's header line sets Host (`Host: x`) or removes it (`Host:`), in any case: either way
    /// the client sends no Host of its own, as libcurl does.
    static func isHost(_ line: String) -> Bool {
        let u = line.utf8
        guard let f = u.first, f | 0x20 == UInt8(ascii: "h"), u.count >= 5 else { return false }
        return u.prefix(5).elementsEqual("host:".utf8) { $0 | 0x20 == $1 | 0x20 }
    }
}

extension NativeClient {
    /// Opens a connection for `ex` to the next of its origin's addresses; `ex` fails when none can be tried.
    func open(_ ex: Exchange, now: Int64) {
        guard let addrs = addresses(ex.origin, now: now) else {
            fail(ex, .connect, "Could not resolve host: \(origins[ex.origin].url.host) (\(origins[ex.origin].resolveFailure ?? ""))", now: now)
            return
        }
        let index = (origins[ex.origin].preferred + ex.attempt) % addrs.count
        var address = addrs[index]
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            let e = errno
            fail(ex, e == EMFILE || e == ENFILE ? .clientLimit : .other, "socket: \(String(cString: strerror(e)))", now: now)
            return
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let rc = withUnsafePointer(to: &address.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
        }
        let e = errno
        let c = Connection(fd: fd, origin: ex.origin, token: nextToken(fd), addressIndex: index)
        c.exchange = ex
        track(c)
        if rc == 0 {
            connected(c, ex, now: now)
        } else if e == EINPROGRESS {
            guard register(c, events: EPOLLOUT.rawValue, op: EPOLL_CTL_ADD) else {
                let r = errno
                closeConnection(c)
                fail(ex, .other, "epoll_ctl: \(String(cString: strerror(r)))", now: now)
                return
            }
            ex.deadline = min(ex.overallDeadline, now + Int64(connectTimeoutMilliseconds) * 1_000_000)
            if earliestDeadline > ex.deadline { earliestDeadline = ex.deadline }
        } else {
            closeConnection(c)
            connectFailed(ex, errno: e, now: now)
        }
    }

    /// The origin's addresses, looked up once (a failed lookup is tried again at most once a second).
    private func addresses(_ o: Int, now: Int64) -> [SocketAddress]? {
        if let a = origins[o].addresses { return a }
        if origins[o].resolveFailure != nil, now - origins[o].resolvedAt < 1_000_000_000 { return nil }
        origins[o].resolvedAt = now
        switch SocketAddress.resolve(host: origins[o].url.host, port: origins[o].url.port, ipv6Literal: origins[o].url.ipv6Literal) {
        case .success(let a):
            origins[o].addresses = a
            origins[o].resolveFailure = nil
            return a
        case .failure(let f):
            origins[o].resolveFailure = f.reason
            return nil
        }
    }

    /// A connect failed: the next address, or the exchange fails as `connect` (never sent).
    private func connectFailed(_ ex: Exchange, errno e: Int32, now: Int64) {
        ex.attempt += 1
        let count = origins[ex.origin].addresses?.count ?? 1
        if ex.attempt < count, now < ex.overallDeadline {
            open(ex, now: now)
            return
        }
        let u = origins[ex.origin].url
        fail(ex, e == EMFILE || e == ENFILE ? .clientLimit : .connect,
             "Failed to connect to \(u.host) port \(u.port): \(String(cString: strerror(e)))", now: now)
    }

    private func connected(_ c: Connection, _ ex: Exchange, now: Int64) {
        c.connected = true
        origins[c.origin].preferred = c.addressIndex
        connectionsOpened += 1
        ex.newConnections += 1
        ex.deadline = ex.overallDeadline
        let op = c.interest == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD
        guard register(c, events: EPOLLIN.rawValue, op: op) else {
            let r = errno
            closeConnection(c)
            fail(ex, .other, "epoll_ctl: \(String(cString: strerror(r)))", now: now)
            return
        }
        write(c, now: now)
    }

    /// Sends the connection's exchange (again, after a resend).
    func write(_ c: Connection, now: Int64) {
        guard let ex = c.exchange else { return }
        ex.sends += 1
        ex.sentAt = now
        ex.written = 0
        flush(c, ex, now: now)
    }

    private func flush(_ c: Connection, _ ex: Exchange, now: Int64) {
        while ex.written < ex.out.count {
            let from = ex.written
            let n = ex.out.withUnsafeBytes { send(c.fd, $0.baseAddress! + from, $0.count - from, Int32(MSG_NOSIGNAL)) }
            if n > 0 { ex.written += n; continue }
            let e = errno
            if n < 0, e == EINTR { continue }
            if n < 0, e == EAGAIN || e == EWOULDBLOCK {
                if c.interest & EPOLLOUT.rawValue == 0 { _ = register(c, events: EPOLLIN.rawValue | EPOLLOUT.rawValue, op: EPOLL_CTL_MOD) }
                return
            }
            ended(c, ex, errno: n == 0 ? EPIPE : e, now: now)
            return
        }
        if c.interest & EPOLLOUT.rawValue != 0 { _ = register(c, events: EPOLLIN.rawValue, op: EPOLL_CTL_MOD) }
    }

    /// An epoll event for `c`.
    func ready(_ c: Connection, events: UInt32, now: Int64) {
        guard let ex = c.exchange else {
            closeConnection(c)  // idle: the server closed it, or sent what nobody asked for
            return
        }
        if !c.connected {
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len)
            if err == 0, events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { err = ECONNREFUSED }
            if err != 0 {
                closeConnection(c)
                connectFailed(ex, errno: err, now: now)
            } else {
                connected(c, ex, now: now)
            }
            return
        }
        if events & EPOLLOUT.rawValue != 0 {
            flush(c, ex, now: now)
            guard c.exchange === ex else { return }
        }
        if events & (EPOLLIN.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { receive(c, ex, now: now) }
    }

    private func receive(_ c: Connection, _ ex: Exchange, now: Int64) {
        while true {
            let n = recv(c.fd, readBuffer, Self.readSize, 0)
            if n > 0 {
                switch ex.parser.feed(UnsafeBufferPointer(start: readBuffer, count: n)) {
                case .needMore:
                    if n == Self.readSize { continue }
                    return
                case .done(let extra):
                    c.used = true
                    c.exchange = nil
                    if extra > 0 || ex.parser.closeAfter {
                        closeConnection(c)
                    } else {
                        origins[c.origin].idle.append(c)
                    }
                    complete(ex, now: now)
                case .failed(.bodyTooLarge):
                    closeConnection(c)
                    fail(ex, .bodyTooLarge, "answer body over \(maxBodyBytes) bytes", now: now)
                case .failed(.malformed(let why)):
                    closeConnection(c)
                    fail(ex, .protocol, "Weird server reply: \(why)", now: now)
                }
                return
            }
            let e = errno
            if n < 0, e == EINTR { continue }
            if n < 0, e == EAGAIN || e == EWOULDBLOCK { return }
            ended(c, ex, errno: n == 0 ? 0 : e, now: now)
            return
        }
    }

    /// The server closed (`e` 0) or broke the connection during an exchange.
    private func ended(_ c: Connection, _ ex: Exchange, errno e: Int32, now: Int64) {
        if e == 0, ex.parser.finish() {
            c.exchange = nil
            closeConnection(c)
            complete(ex, now: now)
            return
        }
        closeConnection(c)
        if ex.parser.receivedNothing, c.used, ex.sends < 5 {
            // A kept-alive connection died before any answer: libcurl sends such a request again on a fresh
            // connection, and so does this client; `sends` tells the engine the server may have seen it twice.
            ex.parser = ex.parser.restarted()
            ex.attempt = 0
            open(ex, now: now)
            return
        }
        let detail: String
        if e != 0 {
            detail = "\(ex.written < ex.out.count ? "Send" : "Recv") failure: \(String(cString: strerror(e)))"
        } else if ex.parser.receivedNothing {
            detail = "Server returned nothing (no headers, no data)"
        } else {
            detail = "Transfer closed with outstanding read data remaining"
        }
        fail(ex, .reset, detail, now: now)
    }
}
