#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How one raw exchange with a server ended, as a client sees it.
enum Exchange: Equatable {
    /// Bytes came back (the whole answer, up to the server's close or the timeout).
    case answer(String)
    /// The connection was reset (ECONNRESET) before any byte came back.
    case reset
    /// Closed cleanly with no byte back.
    case closed
    /// Nothing came back within the timeout.
    case timeout
    /// The connect itself failed.
    case connectFailed
}

/// A blocking one-request client on raw sockets: what a proxy does to the connection stays visible (a RST is
/// ECONNRESET here, where an HTTP library would fold it into a generic error).
enum RawClient {
    /// Sends `request` to 127.0.0.1:`port` and reads until the server closes, the answer is whole
    /// (Content-Length), or `timeoutMs` passes.
    static func exchange(port: UInt16, request: String, timeoutMs: Int = 2000) -> Exchange {
        RawConnection(port: port).exchange(request, timeoutMs: timeoutMs)
    }

    /// Whether `bytes` hold a whole HTTP response with a Content-Length.
    static func isWhole(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return false }
        return text.utf8.count - text[..<end.upperBound].utf8.count >= length
    }

    /// A GET for `path`, with pika's bearer token, asking the server to close after the answer.
    static func get(_ path: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer cancelbench-local\r\nConnection: close\r\n\r\n"
    }
}

/// One kept-alive client connection on raw sockets, for faults that change while it is open.
final class RawConnection {
    private let fd: Int32
    /// Whether the connect succeeded.
    let connected: Bool

    init(port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        connected = fd >= 0 && withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Sends `request` and reads one whole answer (Content-Length), a reset, a close or a timeout.
    func exchange(_ request: String, timeoutMs: Int = 2000) -> Exchange {
        guard connected else { return .connectFailed }
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return .reset }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        for _ in 0..<10_000 {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                received += buffer[0..<n]
                if RawClient.isWhole(received) { break }
                continue
            }
            if n == 0 { break }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return received.isEmpty ? .timeout : .answer(String(decoding: received, as: UTF8.self)) }
            return received.isEmpty ? .reset : .answer(String(decoding: received, as: UTF8.self))
        }
        return received.isEmpty ? .closed : .answer(String(decoding: received, as: UTF8.self))
    }

    /// Waits up to `timeoutMs` for the connection to end without sending anything: .reset, .closed or .timeout.
    func awaitEnd(timeoutMs: Int = 2000) -> Exchange {
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 8192)
        for _ in 0..<100 {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { return .answer(String(decoding: buffer[0..<n], as: UTF8.self)) }
            if n == 0 { return .closed }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .timeout }
            return .reset
        }
        return .timeout
    }
}

extension RawClient {
    /// A GET for `path` with pika's bearer token, leaving the connection open for the next request.
    static func keepAliveGet(_ path: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer cancelbench-local\r\n\r\n"
    }
}
