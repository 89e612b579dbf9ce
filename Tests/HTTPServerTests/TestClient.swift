import Glibc

/// A failure inside the test client, with what went wrong.
struct TestClientError: Error, CustomStringConvertible {
    var description: String
}

/// One parsed response as the test client saw it.
struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of a header, matched case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client on 127.0.0.1 that sends raw bytes; a receive timeout keeps a bug from hanging tests.
final class TestClient {
    let fd: Int32
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeoutMilliseconds`.
    init(port: UInt16, timeoutMilliseconds: Int = 5000) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "socket errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestClientError(description: "connect errno \(code)")
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends all of `text`.
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw TestClientError(description: "send errno \(errno)") }
            offset += n
        }
    }

    /// Resets the connection (SO_LINGER 0 makes close send a RST instead of a FIN).
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads more bytes into `pending`; false on EOF or reset.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            pending += chunk[0..<n]
            return true
        }
        if n == 0 || errno == ECONNRESET { return false }
        throw TestClientError(description: "recv errno \(errno) (timeout?)")
    }

    /// Reads one response; `bodyless` for answers to HEAD. Throws on EOF, timeout or bad framing.
    func readResponse(bodyless: Bool = false) throws -> TestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if pending.count >= 4 {
                headEnd = (0...(pending.count - 4)).first { pending[$0..<$0 + 4].elementsEqual(separator) }
            }
            if headEnd != nil { break }
            guard try fill() else { throw TestClientError(description: "EOF before a response head") }
        }
        let lines = String(decoding: pending[0..<headEnd!], as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        pending.removeFirst(headEnd! + 4)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let status = Int(statusParts[1]) else {
            throw TestClientError(description: "bad status line \(lines[0])")
        }
        var response = TestResponse(status: status, headers: [], body: [])
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw TestClientError(description: "bad line \(line)") }
            response.headers.append((String(line[..<colon]),
                                     String(line[line.index(after: colon)...]).strippingSpaces()))
        }
        let length = bodyless ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while pending.count < length {
            guard try fill() else { throw TestClientError(description: "EOF inside a body") }
        }
        response.body = Array(pending[0..<length])
        pending.removeFirst(length)
        return response
    }

    /// Whether the server closed the connection (EOF or reset) with no further bytes; throws on timeout.
    func readsEOF() throws -> Bool {
        if !pending.isEmpty { return false }
        return try !fill()
    }

    /// Whether bytes can be read right now without blocking (for ordering checks).
    func hasDataNow() -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return !pending.isEmpty || poll(&entry, 1, 0) > 0
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func strippingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
