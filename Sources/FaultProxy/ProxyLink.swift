#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One proxied client connection and, once connected, its upstream socket. Its descriptors stay open while it is
/// in the proxy's registry (`finish` removes it before closing them), so whoever holds the registry lock may shut
/// them down.
final class ProxyLink: Sendable {
    let id: UInt64
    let client: Int32
    let upstream = Atomic<Int32>(-1)
    /// Directions still pumping; the last to end closes the sockets.
    let pending = Atomic<Int>(1)
    /// Close the client with a RST rather than a FIN; once set, nothing more is sent to the client.
    let resetClient = Atomic<Bool>(false)
    /// A blackhole caught it: both directions read and drop, and lifting the blackhole resets it.
    let blackholed = Atomic<Bool>(false)
    /// The client sent request bytes since the last answer began: the next upstream chunk starts an answer.
    let awaitingAnswer = Atomic<Bool>(false)

    init(id: UInt64, client: Int32) {
        self.id = id
        self.client = client
    }

    /// Arms a RST for the close and wakes the client-side reader without sending the client a FIN (SHUT_RD
    /// sends nothing); the upstream is shut down both ways.
    func cutForReset() {
        resetClient.store(true, ordering: .releasing)
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(client, Int32(SHUT_RD))
        shutDownUpstream()
    }

    /// Wakes both directions' reads; the sockets stay open until `finish` closes them.
    func shutDownBoth() {
        shutdown(client, Int32(SHUT_RDWR))
        shutDownUpstream()
    }

    func shutDownUpstream() {
        let up = upstream.load(ordering: .acquiring)
        if up >= 0 { shutdown(up, Int32(SHUT_RDWR)) }
    }

    /// Whether it was cut for a reset (nothing more may reach the client).
    var isCut: Bool { resetClient.load(ordering: .acquiring) }
}

/// The proxy's shared state, under one lock: open connections, the faults in force, and whether it stopped.
struct ProxyRegistry {
    var links: [UInt64: ProxyLink] = [:]
    var live: LiveFaults
    var stopped = false
    var listenerClosed = false
}
