import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP server that plays a script per accepted connection: it reads requests and writes exactly the
/// bytes a test gives, malformed ones included, which a real HTTP server would never send.
final class RawServer: @unchecked Sendable {
    /// One accepted connection, for the script.
    struct Peer {
        let fd: Int32
        /// Which connection this is, from 0.
        let index: Int

        /// Reads one request (head, and a body by Content-Length); nil when the client closed first.
        func readRequest() -> String? {
            var data: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 4096)
            while true {
                if let end = Self.headEnd(data) {
                    let head = String(decoding: data[..<end], as: UTF8.self)
                    let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    while data.count < end + length {
                        let n = recv(fd, &buf, buf.count, 0)
                        if n <= 0 { return nil }
                        data += buf[..<n]
                    }
                    return String(decoding: data[..<(end + length)], as: UTF8.self)
                }
                let n = recv(fd, &buf, buf.count, 0)
                if n <= 0 { return nil }
                data += buf[..<n]
            }
        }

        func write(_ text: String) { write(Array(text.utf8)) }

        func write(_ bytes: [UInt8]) {
            var off = 0
            while off < bytes.count {
                let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                off += n
            }
        }

        static func headEnd(_ d: [UInt8]) -> Int? {
            guard d.count >= 4 else { return nil }
            for i in 0...(d.count - 4) where d[i] == 13 && d[i + 1] == 10 && d[i + 2] == 13 && d[i + 3] == 10 { return i + 4 }
            return nil
        }
    }

    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var requests: [String] = []
    private var stopped = false
    private var peers: [Int32] = []

    /// Listens on 127.0.0.1 and plays `script` on each connection on its own thread; the connection is closed
    /// when the script returns.
    init(_ script: @escaping @Sendable (Peer, RawServer) -> Void) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: a.sin_port)
        let listener = fd
        let lock = self.lock
        Thread.detachNewThread { [self] in
            var index = 0
            while true {
                let c = accept(listener, nil, nil)
                if c < 0 {
                    // Only this thread closes the listener, once accept fails after stop(): closed elsewhere, its
                    // number could be reused by the next test's listener while this loop still accepts on it.
                    close(listener)
                    return
                }
                lock.lock(); peers.append(c); lock.unlock()
                let peer = Peer(fd: c, index: index)
                index += 1
                Thread.detachNewThread {
                    script(peer, self)
                    self.lock.lock()
                    self.peers.removeAll { $0 == c }
                    shutdown(c, Int32(SHUT_RDWR))
                    close(c)
                    self.lock.unlock()
                }
            }
        }
    }

    /// Notes a request the script read, for the test to look at.
    func note(_ request: String) { lock.lock(); requests.append(request); lock.unlock() }

    var seen: [String] { lock.lock(); defer { lock.unlock() }; return requests }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))  // wakes accept, whose thread then closes the listener
        lock.lock()
        for p in peers { shutdown(p, Int32(SHUT_RDWR)) }
        lock.unlock()
    }
}
