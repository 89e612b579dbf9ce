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
/// The faults start as `FaultSettings` gives them and change at any time with `set(_:)`, for open connections
/// too. One thread accepts; each forwarded connection has a thread per direction. Connections beyond
/// `FaultSettings.maxConnections` are accepted and reset at once, so the proxy's threads stay bounded.
public final class FaultProxy: Sendable {
    /// The port it listens on, on 127.0.0.1 (chosen by the system when asked for 0).
    public let port: UInt16
    /// The upstream's port, on 127.0.0.1.
    public let upstreamPort: UInt16
    /// The settings it started with: the seed, the cap, and the first faults (`live` has the faults now).
    public let faults: FaultSettings

    let listener: Int32
    let counters = ProxyCounters()
    let registry: Mutex<ProxyRegistry>
    private let acceptEnded = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)

    /// Binds 127.0.0.1:`listenPort` (0 for an ephemeral port); `start()` begins accepting.
    public init(listenPort: UInt16, upstreamPort: UInt16, faults: FaultSettings) throws(FaultProxyError) {
        self.upstreamPort = upstreamPort
        self.faults = faults
        registry = Mutex(ProxyRegistry(live: LiveFaults(faults)))
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
        let latency = registry.withLock { state -> UInt64 in
            state.stopped = true
            // Under the lock: a link still registered has its descriptors open.
            for link in state.links.values { link.shutDownBoth() }
            return state.live.latencyNanoseconds
        }
        if started.load(ordering: .relaxed) {
            for _ in 0..<200 {
                if acceptEnded.load(ordering: .acquiring) { break }
                usleep(10_000)
            }
        }
        registry.withLock { state in
            if !state.listenerClosed { close(listener); state.listenerClosed = true }
        }
        let rounds = 200 + Int(latency / 10_000_000)
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

    /// What becomes of a new connection, decided under the registry lock with the faults in force.
    private enum Admission { case refuse, overCap, blackhole, forward }

    private func admit(_ client: Int32, number: UInt64) {
        let link = ProxyLink(id: number, client: client)
        let admission = registry.withLock { state -> Admission in
            if state.live.partition == .refuse { return .refuse }
            guard !state.stopped, state.links.count < faults.maxConnections else { return .overCap }
            state.links[number] = link
            guard state.live.partition != .blackhole else {
                link.blackholed.store(true, ordering: .relaxed)
                return .blackhole
            }
            return .forward
        }
        switch admission {
        case .refuse:
            counters.refused.add(1, ordering: .relaxed)
            Self.resetAndClose(client)
        case .overCap:
            counters.overCap.add(1, ordering: .relaxed)
            Self.resetAndClose(client)
        case .blackhole:
            Self.noDelay(client)
            counters.blackholed.add(1, ordering: .relaxed)
            Self.spawn { [self] in
                discard(link)
                finish(link)
            }
        case .forward:
            Self.noDelay(client)
            Self.spawn { [self] in forward(link) }
        }
    }
}

/// A failure to set the proxy up (its listening socket).
public struct FaultProxyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
