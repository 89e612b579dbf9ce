import Foundation
import Glibc
import Synchronization

/// A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 for the hostile-target tests: blocking sockets, a
/// thread per connection, and a behaviour that decides, per request, what goes back on the wire — a proper
/// answer, garbage, an endless body, silence, a trickle, or a reset. It records the request heads it saw, so a
/// test can check that nothing was injected.
final class HostileServer: Sendable {
    /// One request as the server read it.
    struct Request: Sendable {
        var method: String
        var target: String
        /// Header lines as received, `name: value`.
        var headers: [String]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    /// What goes back for one request.
    enum Action: Sendable {
        case respond(Int, String)
        /// A status, extra header lines (`Name: value`) and a body.
        case respondWith(Int, [String], String)
        /// Bytes that are not HTTP at all.
        case garbage
        /// A 200 with a chunked body that never ends.
        case endless
        /// Nothing, ever (the connection stays open).
        case hang
        /// A 200 whose body arrives one byte every 100 ms.
        case trickle
        /// A TCP reset before any answer.
        case reset
    }

    private let listener: Int32
    let port: UInt16
    private let behaviour: @Sendable (Request, Int) -> Action
    private let state = Mutex<(stopped: Bool, clients: [Int32], seen: [Request], count: Int)>((false, [], [], 0))

    /// Listens on an ephemeral loopback port; `behaviour` gets each request and its number (from 1).
    init(_ behaviour: @escaping @Sendable (Request, Int) -> Action) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 512) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = UInt16(bigEndian: addr.sin_port)
        self.behaviour = behaviour
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Every request seen so far.
    var seen: [Request] { state.withLock { $0.seen } }

    /// Closes the listener and every connection; the threads then end.
    /// Connections are shut down under the lock, and each is closed under it too (`serve`), so a descriptor
    /// number another test's socket has reused is never touched.
    func stop() {
        state.withLock { s in
            s.stopped = true
            for c in s.clients { shutdown(c, Int32(SHUT_RDWR)) }
        }
        // Only shut down: the accept loop closes the listener when accept fails, so its number is never
        // reused under a loop still calling accept on it.
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let c = accept(listener, nil, nil)
            if c < 0 { return }
            let keep = state.withLock { s -> Bool in
                if s.stopped { return false }
                s.clients.append(c)
                return true
            }
            guard keep else { close(c); return }
            let thread = Thread { [self] in serve(c) }
            thread.start()
        }
    }

    private func serve(_ c: Int32) {
        defer {
            state.withLock { s in
                s.clients.removeAll { $0 == c }
                close(c)
            }
        }
        var buffer: [UInt8] = []
        while let request = read(c, &buffer) {
            let n = state.withLock { s -> Int in
                s.seen.append(request)
                s.count += 1
                return s.count
            }
            switch behaviour(request, n) {
            case .respond(let status, let body):
                let head = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                guard send(c, head + body) else { return }
            case .respondWith(let status, let headers, let body):
                let extra = headers.map { $0 + "\r\n" }.joined()
                let head = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\n\(extra)Content-Length: \(body.utf8.count)\r\n\r\n"
                guard send(c, head + body) else { return }
            case .garbage:
                _ = send(c, "\u{1}\u{2}SSH-2.0-nonsense\r\n\r\n")
                return
            case .endless:
                guard send(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n") else { return }
                let chunk = "4000\r\n" + String(repeating: "a", count: 0x4000) + "\r\n"
                while !stopped, send(c, chunk) {}
                return
            case .hang:
                while !stopped { usleep(20_000) }
                return
            case .trickle:
                guard send(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n") else { return }
                while !stopped, send(c, " ") { usleep(100_000) }
                return
            case .reset:
                var hard = linger(l_onoff: 1, l_linger: 0)
                setsockopt(c, SOL_SOCKET, SO_LINGER, &hard, socklen_t(MemoryLayout<linger>.size))
                return
            }
        }
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func send(_ c: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Reads one request (head, then a Content-Length body); nil at the end of the connection.
    private func read(_ c: Int32, _ buffer: inout [UInt8]) -> Request? {
        let end = Array("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 4096)
        func fill() -> Bool {
            let n = chunk.withUnsafeMutableBytes { recv(c, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[..<n])
            return true
        }
        var headEnd: Int?
        while headEnd == nil {
            if let i = buffer.indices.dropLast(3).first(where: { Array(buffer[$0..<$0 + 4]) == end }) { headEnd = i; break }
            guard fill() else { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let length = lines.first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length { guard fill() else { return nil } }
        let body = String(decoding: buffer[bodyStart..<bodyStart + length], as: UTF8.self)
        buffer.removeFirst(bodyStart + length)
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: lines, body: body)
    }
}
