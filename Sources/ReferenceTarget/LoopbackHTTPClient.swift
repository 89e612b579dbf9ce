import Glibc

/// A tiny blocking HTTP/1.1 client that can only POST to 127.0.0.1, for completion callbacks.
///
/// One request per connection (`Connection: close`): connect, send, read the status line, close. Every
/// socket call is bounded by the timeout, so a silent receiver costs a delivery thread at most that long.
enum LoopbackHTTPClient {
    /// Why a POST failed, worded for the task's `callback.last_error`.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// POSTs `body` to `path` on 127.0.0.1:`port` and returns the response's status code.
    /// - Parameters:
    ///   - hostHeader: the Host header value (the host and port as the URL spelled them).
    ///   - headers: extra request headers, already free of CR and LF.
    ///   - timeoutMilliseconds: bound on connect, each send and each receive.
    static func post(port: UInt16, path: String, hostHeader: String, headers: [(name: String, value: String)],
                     body: [UInt8], timeoutMilliseconds: Int = 2_000) -> Result<Int, Failure> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(failure("socket")) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        // On Linux SO_SNDTIMEO also bounds a blocking connect.
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(fd, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1, whatever the URL said.
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return .failure(failure("connect")) }
        var head = "POST \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "\r\n"
        guard sendAll(fd, Array(head.utf8) + body) else { return .failure(failure("send")) }
        return readStatus(fd)
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads until the end of the status line and parses `HTTP/1.x NNN`.
    private static func readStatus(_ fd: Int32) -> Result<Int, Failure> {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !received.contains(UInt8(ascii: "\n")) && received.count < 8192 {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failure(failure("recv")) }
            if count == 0 { break }
            received.append(contentsOf: buffer[..<count])
        }
        let line = received.prefix(while: { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") })
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              let status = Int(String(decoding: parts[1], as: UTF8.self)) else {
            return .failure(Failure(message: received.isEmpty ? "connection closed without a response"
                                                               : "malformed status line"))
        }
        return .success(status)
    }

    /// The failure of system call `call`, with errno's text.
    private static func failure(_ call: String) -> Failure {
        let code = errno
        return Failure(message: "\(call): \(String(cString: strerror(code))) (errno \(code))")
    }
}
