import Glibc

/// One callback POST to 127.0.0.1 on a non-blocking socket: connect, send the request, read the status line,
/// close. The dispatcher advances it when `poll` says the socket is ready and ends it at its deadline, so a
/// receiver that never accepts or never answers costs a socket until then, never a blocked thread.
struct CallbackExchange {
    /// Why an attempt failed, worded for the task's `callback.last_error`.
    struct Failure: Error, Equatable {
        let message: String
        /// The attempt ran out of time.
        var timedOut = false
        /// This process could not even try (no socket): not the receiver's fault.
        var local = false
    }

    private enum Phase { case connecting, sending, receiving }

    /// The socket; close it with `close()` once the exchange ended.
    let fd: Int32
    /// What is being sent.
    let delivery: CallbackDelivery
    /// When the attempt gives up, in monotonic nanoseconds.
    let deadline: Int64
    private var phase = Phase.connecting
    private let output: [UInt8]
    private var sent = 0
    private var received: [UInt8] = []

    /// Opens a socket and starts connecting to the delivery's port on 127.0.0.1, whatever the URL's host
    /// said; fails at once when there is no socket or the connection is refused on the spot.
    static func start(_ delivery: CallbackDelivery, now: Int64, timeout: Int64) -> Result<CallbackExchange, Failure> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                                   | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            var failure = failure("socket")
            failure.local = true
            return .failure(failure)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = delivery.target.port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1: loopback only, by design.
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 && errno != EINPROGRESS && errno != EINTR {
            let failure = failure("connect")
            Glibc.close(fd)
            return .failure(failure)
        }
        var exchange = CallbackExchange(fd: fd, delivery: delivery, deadline: now + timeout,
                                        output: request(delivery))
        if rc == 0 { exchange.phase = .sending }
        return .success(exchange)
    }

    private init(fd: Int32, delivery: CallbackDelivery, deadline: Int64, output: [UInt8]) {
        self.fd = fd
        self.delivery = delivery
        self.deadline = deadline
        self.output = output
    }

    /// The `poll` events to wait for now.
    var events: Int16 { Int16(phase == .receiving ? POLLIN : POLLOUT) }

    /// Moves on after `poll` reported `revents`; returns the status code, or why it failed, once the
    /// exchange is over, and nil while it goes on.
    mutating func advance(_ revents: Int16) -> Result<Int, Failure>? {
        if phase == .connecting {
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            if code != 0 { return .failure(Self.failure("connect", code: code)) }
            guard revents & Int16(POLLOUT | POLLERR | POLLHUP) != 0 else { return nil }
            phase = .sending
        }
        if phase == .sending {
            while sent < output.count {
                let n = output[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n > 0 { sent += n; continue }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return nil }
                return .failure(Self.failure("send"))
            }
            phase = .receiving
            return nil  // the answer cannot be there yet: wait for POLLIN
        }
        return receive()
    }

    /// Reads what arrived; the status once a whole status line (or EOF) is in.
    private mutating func receive() -> Result<Int, Failure>? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received.append(contentsOf: buffer[..<n])
                if received.contains(UInt8(ascii: "\n")) || received.count >= 8192 { return Self.status(received) }
                continue
            }
            if n == 0 { return Self.status(received) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            return .failure(Self.failure("recv"))
        }
    }

    /// The failure of an attempt that ran out of `timeout` nanoseconds, naming the step it was stuck at.
    func timeoutFailure(timeout: Int64) -> Failure {
        let step = switch phase {
        case .connecting: "connect"
        case .sending: "send"
        case .receiving: "recv"
        }
        return Failure(message: "\(step): no progress within \(timeout / 1_000_000) ms", timedOut: true)
    }

    /// Closes the socket.
    func close() { Glibc.close(fd) }

    /// The request bytes: `Connection: close`, one request per connection.
    static func request(_ delivery: CallbackDelivery) -> [UInt8] {
        let target = delivery.target
        // The path was checked free of spaces and control characters when the URL was accepted.
        let head = "POST \(target.path) HTTP/1.1\r\nHost: \(target.host):\(target.port)\r\n"
            + "Content-Type: application/json\r\nX-Beatra-Event: task.completed\r\n"
            + "Content-Length: \(delivery.body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + delivery.body
    }

    /// Parses `HTTP/1.x NNN` from the start of `received`.
    static func status(_ received: [UInt8]) -> Result<Int, Failure> {
        let line = received.prefix(while: { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") })
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              let status = Int(String(decoding: parts[1], as: UTF8.self)) else {
            return .failure(Failure(message: received.isEmpty ? "connection closed without a response"
                                                               : "malformed status line"))
        }
        return .success(status)
    }

    /// The failure of system call `call` with `code` (errno by default) and its text.
    private static func failure(_ call: String, code: Int32 = errno) -> Failure {
        Failure(message: "\(call): \(String(cString: strerror(code))) (errno \(code))")
    }
}
