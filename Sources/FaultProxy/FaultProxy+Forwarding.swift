#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Carrying bytes both ways, and breaking them as the faults in force say.
extension FaultProxy {
    /// Connects upstream, then pumps client → upstream here and upstream → client on a second thread.
    func forward(_ link: ProxyLink) {
        guard let upstream = connectUpstream() else {
            counters.upstreamFailures.add(1, ordering: .relaxed)
            link.resetClient.store(true, ordering: .relaxed)
            finish(link)
            return
        }
        let keep = registry.withLock { state -> Bool in
            link.upstream.store(upstream, ordering: .releasing)
            return !state.stopped && !link.isCut
        }
        // Stopped, or cut by a partition while connecting: the pumps see their sockets shut and end.
        if !keep { link.isCut ? link.shutDownUpstream() : link.shutDownBoth() }
        link.pending.store(2, ordering: .relaxed)
        Self.spawn { [self] in
            pumpDown(link, upstream: upstream)
            if link.pending.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { finish(link) }
        }
        pumpUp(link, upstream: upstream)
        if link.pending.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { finish(link) }
    }

    private func pumpUp(_ link: ProxyLink, upstream: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = Self.readSome(link.client, &buffer)
            if n == 0 { shutdown(upstream, Int32(SHUT_WR)); return }
            if n < 0 { if !link.isCut { link.shutDownBoth() }; return }
            if link.blackholed.load(ordering: .acquiring) {
                counters.droppedBytes.add(n, ordering: .relaxed)
                continue
            }
            // Before sending: the answer may arrive before this thread runs again.
            link.awaitingAnswer.store(true, ordering: .releasing)
            guard Self.sendAll(upstream, buffer, count: n) else { link.shutDownBoth(); return }
            counters.bytesUp.add(n, ordering: .relaxed)
        }
    }

    private func pumpDown(_ link: ProxyLink, upstream: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var answers: UInt64 = 0
        while true {
            let n = Self.readSome(upstream, &buffer)
            // A cut link gets a RST on close, never a FIN first.
            if n == 0 { if !link.isCut { shutdown(link.client, Int32(SHUT_WR)) }; return }
            if n < 0 { if !link.isCut { link.shutDownBoth() }; return }
            if link.blackholed.load(ordering: .acquiring) {
                counters.droppedBytes.add(n, ordering: .relaxed)
                continue
            }
            let faults = registry.withLock { $0.live }
            if link.awaitingAnswer.exchange(false, ordering: .acquiringAndReleasing) {
                // The first chunk of an answer: one roll per (seed, connection, answer), whatever the timing.
                answers += 1
                counters.answers.add(1, ordering: .relaxed)
                if ConnectionDice.resets(seed: self.faults.seed, connection: link.id, response: answers,
                                         probability: faults.resetProbability) {
                    // The request reached the server and it answered: drop the answer and reset the client, so
                    // the client never learns what the server did (Jepsen's info).
                    counters.resets.add(1, ordering: .relaxed)
                    registry.withLock { _ in link.cutForReset() }
                    return
                }
            }
            if faults.latencyNanoseconds > 0 {
                counters.delayedChunks.add(1, ordering: .relaxed)
                Self.sleep(nanoseconds: faults.latencyNanoseconds)
            }
            // A partition may have begun during the delay.
            if link.isCut { return }
            if link.blackholed.load(ordering: .acquiring) {
                counters.droppedBytes.add(n, ordering: .relaxed)
                continue
            }
            guard Self.sendAll(link.client, buffer, count: n) else { link.shutDownBoth(); return }
            counters.bytesDown.add(n, ordering: .relaxed)
        }
    }

    /// A connection accepted during a blackhole: reads and drops what the client sends until it gives up, the
    /// blackhole is lifted (a reset) or the proxy stops.
    func discard(_ link: ProxyLink) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = Self.readSome(link.client, &buffer)
            guard n > 0 else { return }
            counters.droppedBytes.add(n, ordering: .relaxed)
        }
    }

    /// Forgets the connection, then closes its sockets (resetting the client when asked). Removal comes first,
    /// under the lock that `stop()` and `set(_:)` shut sockets down under, so a closed descriptor number is never
    /// touched again.
    func finish(_ link: ProxyLink) {
        _ = registry.withLock { $0.links.removeValue(forKey: link.id) }
        if link.resetClient.load(ordering: .acquiring) { Self.resetAndClose(link.client) } else { close(link.client) }
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
}
