#if canImport(Glibc)
import Glibc
#else
#error("FaultProxy uses Linux sockets (Glibc)")
#endif
import Foundation
import Synchronization

/// A TCP proxy on 127.0.0.1 in front of an upstream on 127.0.0.1, which breaks the traffic it carries in the
/// ways a network does (as Toxiproxy does): added latency, answers lost after the server acted (reset), and
/// partitions that hang (blackhole) or refuse. It never parses the bytes: any TCP protocol passes.
///
/// One thread accepts; each forwarded connection has a thread per direction. Connections beyond
/// `FaultSettings.maxConnections` are accepted and reset at once, so the proxy's threads stay bounded.
public final class FaultProxy: Sendable {
    /// The port it listens on, on 127.0.0.1 (chosen by the system when asked for 0).
    public let port: UInt16
    /// The upstream's port, on 127.0.0.1.
    public let upstreamPort: UInt16
    public let faults: FaultSettings

    private let listener: Int32
    private let counters = Counters()
    private let registry = Mutex(Registry())
    private let acceptEnded = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)

    /// Binds 127.0.0.1:`listenPort` (0 for an ephemeral port); `start()` begins accepting.
    public init(listenPort: UInt16, upstreamPort: UInt16, faults: FaultSettings) throws(FaultProxyError) {
        self.upstreamPort = upstreamPort
        self.faults = faults
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FaultProxyError("socket: \(Self.errnoText())") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: listenPort)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let text = Self.errnoText()
            close(fd)
            throw FaultProxyError("cannot listen on 127.0.0.1:\(listenPort): \(text)")
        }
        guard listen(fd, 1024) == 0 else {
            let text = Self.errnoText()
            close(fd)
            throw FaultProxyError("listen on 127.0.0.1:\(listenPort): \(text)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: actual.sin_port)
    }

    /// Starts the accept thread (once).
    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        Self.spawn { [self] in
            acceptLoop()
            acceptEnded.store(true, ordering: .releasing)
        }
    }

    /// Stops accepting, shuts every open connection down and waits (up to 2 s plus one latency) for their
    /// threads to end. Idempotent.
    public func stop() {
        let links = registry.withLock { state -> [Link] in
            state.stopped = true
            return Array(state.links.values)
        }
        for link in links { link.shutDownBoth() }
        if started.load(ordering: .relaxed) {
            for _ in 0..<200 {
                if acceptEnded.load(ordering: .acquiring) { break }
                usleep(10_000)
            }
        }
        registry.withLock { state in
            if !state.listenerClosed { close(listener); state.listenerClosed = true }
        }
        let rounds = 200 + Int(faults.latencyNanoseconds / 10_000_000)
        for _ in 0..<rounds {
            if registry.withLock({ $0.links.isEmpty }) { break }
            usleep(10_000)
        }
    }

    /// What it carried and broke so far.
    public var stats: FaultProxyStats { counters.snapshot() }

    /// Connections open now.
    public var openConnections: Int { registry.withLock { $0.links.count } }

    // MARK: - Accepting

    private func acceptLoop() {
        var number: UInt64 = 0
        while !registry.withLock({ $0.stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Out of descriptors or an aborted connect: wait a little instead of spinning.
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM { usleep(10_000) }
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            number += 1
            counters.connections.add(1, ordering: .relaxed)
            admit(client, number: number)
        }
    }

    private func admit(_ client: Int32, number: UInt64) {
        if faults.partition == .refuse {
            counters.refused.add(1, ordering: .relaxed)
            Self.resetAndClose(client)
            return
        }
        let link = Link(id: number, client: client)
        let admitted = registry.withLock { state -> Bool in
            guard !state.stopped, state.links.count < faults.maxConnections else { return false }
            state.links[number] = link
            return true
        }
        guard admitted else {
            counters.overCap.add(1, ordering: .relaxed)
            Self.resetAndClose(client)
            return
        }
        Self.noDelay(client)
        if faults.partition == .blackhole {
            counters.blackholed.add(1, ordering: .relaxed)
            Self.spawn { [self] in
                discard(link)
                finish(link)
            }
            return
        }
        var dice = ConnectionDice(seed: faults.seed, connection: number)
        let reset = dice.chance(faults.resetProbability)
        Self.spawn { [self] in forward(link, reset: reset) }
    }

    // MARK: - Forwarding

    /// Connects upstream, then pumps client → upstream here and upstream → client on a second thread.
    private func forward(_ link: Link, reset: Bool) {
        guard let upstream = connectUpstream() else {
            counters.upstreamFailures.add(1, ordering: .relaxed)
            link.resetClient.store(true, ordering: .relaxed)
            finish(link)
            return
        }
        let keep = registry.withLock { state -> Bool in
            link.upstream.store(upstream, ordering: .releasing)
            return !state.stopped
        }
        if !keep { link.shutDownBoth() }
        link.pending.store(2, ordering: .relaxed)
        Self.spawn { [self] in
            pumpDown(link, upstream: upstream, reset: reset)
            if link.pending.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { finish(link) }
        }
        pumpUp(link, upstream: upstream)
        if link.pending.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { finish(link) }
    }

    private func pumpUp(_ link: Link, upstream: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = Self.readSome(link.client, &buffer)
            if n == 0 { shutdown(upstream, Int32(SHUT_WR)); return }
            if n < 0 { link.shutDownBoth(); return }
            guard Self.sendAll(upstream, buffer, count: n) else { link.shutDownBoth(); return }
            counters.bytesUp.add(n, ordering: .relaxed)
        }
    }

    private func pumpDown(_ link: Link, upstream: Int32, reset: Bool) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = Self.readSome(upstream, &buffer)
            if n == 0 { shutdown(link.client, Int32(SHUT_WR)); return }
            if n < 0 { link.shutDownBoth(); return }
            if reset {
                // The request reached the server and it answered: drop the answer and reset the client, so
                // the client never learns what the server did (Jepsen's info).
                counters.resets.add(1, ordering: .relaxed)
                link.resetClient.store(true, ordering: .relaxed)
                link.cutForReset()
                return
            }
            if faults.latencyNanoseconds > 0 {
                counters.delayedChunks.add(1, ordering: .relaxed)
                Self.sleep(nanoseconds: faults.latencyNanoseconds)
            }
            guard Self.sendAll(link.client, buffer, count: n) else { link.shutDownBoth(); return }
            counters.bytesDown.add(n, ordering: .relaxed)
        }
    }

    /// Blackhole: reads and drops what the client sends until it gives up (or the proxy stops).
    private func discard(_ link: Link) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while Self.readSome(link.client, &buffer) > 0 {}
    }

    /// Forgets the connection, then closes its sockets (resetting the client when asked). Removal comes first,
    /// under the lock `stop()` shuts sockets down under, so a closed descriptor number is never touched again.
    private func finish(_ link: Link) {
        _ = registry.withLock { $0.links.removeValue(forKey: link.id) }
        if link.resetClient.load(ordering: .relaxed) { Self.resetAndClose(link.client) } else { close(link.client) }
        let upstream = link.upstream.load(ordering: .acquiring)
        if upstream >= 0 { close(upstream) }
    }

    private func connectUpstream() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = Self.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        Self.noDelay(fd)
        return fd
    }

    // MARK: - Sockets

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    static func readSome(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
        for _ in 0..<100 {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            return n
        }
        return -1
    }

    static func sendAll(_ fd: Int32, _ buffer: [UInt8], count: Int) -> Bool {
        var sent = 0
        var interruptions = 0
        while sent < count {
            let n = buffer.withUnsafeBytes { send(fd, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                interruptions += 1
                if errno == EINTR && interruptions < 100 { continue }
                return false
            }
            sent += n
        }
        return true
    }

    /// SO_LINGER 0 then close: the peer gets a RST instead of a FIN.
    static func resetAndClose(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }

    static func noDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        for _ in 0..<100 {
            guard nanosleep(&request, &remaining) != 0, errno == EINTR else { return }
            request = remaining
        }
    }

    static func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 256 * 1024
        thread.start()
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// A failure to set the proxy up (its listening socket).
public struct FaultProxyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One proxied client connection and, once connected, its upstream socket.
private final class Link: Sendable {
    let id: UInt64
    let client: Int32
    let upstream = Atomic<Int32>(-1)
    /// Directions still pumping; the last to end closes the sockets.
    let pending = Atomic<Int>(1)
    /// Close the client with a RST rather than a FIN.
    let resetClient = Atomic<Bool>(false)

    init(id: UInt64, client: Int32) {
        self.id = id
        self.client = client
    }

    /// Arms a RST for the close and wakes the client-side reader without sending the client a FIN (SHUT_RD
    /// sends nothing); the upstream is shut down both ways.
    func cutForReset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(client, Int32(SHUT_RD))
        let up = upstream.load(ordering: .acquiring)
        if up >= 0 { shutdown(up, Int32(SHUT_RDWR)) }
    }

    /// Wakes both directions' reads; the sockets stay open until `finish` closes them.
    func shutDownBoth() {
        shutdown(client, Int32(SHUT_RDWR))
        let up = upstream.load(ordering: .acquiring)
        if up >= 0 { shutdown(up, Int32(SHUT_RDWR)) }
    }
}

private struct Registry {
    var links: [UInt64: Link] = [:]
    var stopped = false
    var listenerClosed = false
}

private final class Counters: Sendable {
    let connections = Atomic<Int>(0)
    let overCap = Atomic<Int>(0)
    let bytesUp = Atomic<Int>(0)
    let bytesDown = Atomic<Int>(0)
    let resets = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let blackholed = Atomic<Int>(0)
    let delayedChunks = Atomic<Int>(0)
    let upstreamFailures = Atomic<Int>(0)

    func snapshot() -> FaultProxyStats {
        var s = FaultProxyStats()
        s.connections = connections.load(ordering: .relaxed)
        s.overCap = overCap.load(ordering: .relaxed)
        s.bytesUp = bytesUp.load(ordering: .relaxed)
        s.bytesDown = bytesDown.load(ordering: .relaxed)
        s.resets = resets.load(ordering: .relaxed)
        s.refused = refused.load(ordering: .relaxed)
        s.blackholed = blackholed.load(ordering: .relaxed)
        s.delayedChunks = delayedChunks.load(ordering: .relaxed)
        s.upstreamFailures = upstreamFailures.load(ordering: .relaxed)
        return s
    }
}
