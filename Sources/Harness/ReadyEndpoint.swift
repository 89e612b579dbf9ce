#if canImport(Glibc)
import Glibc
#endif

/// Where a target answers once it is ready: a loopback HTTP URL, `http://127.0.0.1:PORT/path` or
/// `http://localhost:PORT/path`. Ready means a TCP connect and an HTTP/1.x status line (any status) in answer
/// to `GET path`.
struct ReadyEndpoint: Sendable, Equatable {
    /// `127.0.0.1` or `localhost` as given (lowercased).
    let host: String
    let port: UInt16
    /// The path and query sent in the request line, `/` at least.
    let path: String

    /// Parses `text`; anything but plain HTTP to a loopback host is refused (the harness never starts, and
    /// waits for, something it cannot see on this machine).
    init(_ text: String) throws(TargetProcessError) {
        func refuse(_ why: String) -> TargetProcessError {
            TargetProcessError("ready URL '\(text)': \(why); expected http://127.0.0.1:PORT/path or http://localhost:PORT/path")
        }
        guard text.lowercased().hasPrefix("http://") else { throw refuse("only plain http is checked") }
        var rest = Substring(text.dropFirst("http://".count))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<end]
        let tail = rest[end...]
        guard !authority.contains("@") else { throw refuse("no user info") }
        guard !tail.contains(where: { $0.isWhitespace || $0.isNewline }) else { throw refuse("spaces in the path") }
        var hostPart = authority
        var port: UInt16 = 80
        if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            guard let p = UInt16(authority[authority.index(after: colon)...]), p > 0 else { throw refuse("a port from 1 to 65535") }
            port = p
        }
        let host = hostPart.lowercased()
        guard host == "127.0.0.1" || host == "localhost" else { throw refuse("the host must be loopback, not '\(hostPart)'") }
        self.host = host
        self.port = port
        path = tail.isEmpty ? "/" : tail.hasPrefix("?") ? "/" + tail : String(tail)
    }

    /// Whether it answers now: connect, `GET path`, and an HTTP/1.x status line back, each step within
    /// `timeoutNanoseconds`.
    func answers(timeoutNanoseconds: Int64) -> Bool {
        let families = host == "localhost" ? [AF_INET, AF_INET6] : [AF_INET]
        return families.contains { answers(family: $0, timeoutNanoseconds: timeoutNanoseconds) }
    }

    private func answers(family: Int32, timeoutNanoseconds: Int64) -> Bool {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let t = max(timeoutNanoseconds, 10_000_000)
        var timeout = timeval(tv_sec: Int(t / 1_000_000_000), tv_usec: Int(t % 1_000_000_000) / 1000)
        // A blocking connect gives up after SO_SNDTIMEO on Linux.
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connectLoopback(fd, family: family) else { return false }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: cancelbench\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return false }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while received.count < 12 {
            let n = read(fd, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            received += buffer[0..<n]
        }
        return Self.isStatusLine(received)
    }

    private func connectLoopback(_ fd: Int32, family: Int32) -> Bool {
        if family == AF_INET {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        } == 0
    }

    /// `HTTP/1.x NNN`: the start of an HTTP/1 status line, whatever the status.
    static func isStatusLine(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 12 else { return false }
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        return Array(bytes[0..<7]) == Array("HTTP/1.".utf8) && digit(bytes[7]) && bytes[8] == 0x20
            && bytes[9...11].allSatisfy(digit)
    }
}
