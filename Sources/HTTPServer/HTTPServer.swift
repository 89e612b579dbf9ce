import Synchronization

/// An HTTP/1.1 server on 127.0.0.1 only, with one epoll event loop per thread.
///
/// Keep-alive, pipelining (answered in order), delayed responses and dropped connections are supported.
/// `ConnectionLimits` bounds what a client can hold: connections idle too long are closed, a request that
/// does not arrive whole in time is answered 408, and connections beyond the cap are answered 503 and closed.
/// With `loops > 1` each loop has its own SO_REUSEPORT listener on the same port, so the kernel spreads
/// connections over the loops.
public final class HTTPServer: Sendable {
    private enum Phase {
        case idle
        case running(loops: [EventLoop], threads: [LoopThread])
        case stopped
    }

    private let requestedPort: UInt16
    private let loopCount: Int
    /// The timeouts and the connection cap.
    public let limits: ConnectionLimits
    private let handler: HTTPHandler
    private let phase = Mutex<Phase>(.idle)
    private let boundPort = Atomic<UInt16>(0)
    /// Kept after stop so `stats` still reports the totals.
    private let loopCounters = Mutex<[LoopCounters]>([])

    /// Prepares a server; nothing is bound until `start()`.
    /// - Parameters:
    ///   - port: TCP port on 127.0.0.1; 0 lets the kernel pick a free one.
    ///   - loops: event-loop threads, at least 1.
    ///   - limits: timeouts and connection cap; by default 60 s idle, 10 s per request, 4,096 connections
    ///     (fewer when the descriptor limit is lower).
    ///   - handler: called on a loop thread for every request; it must not block.
    public init(port: UInt16 = 0, loops: Int = 1, limits: ConnectionLimits = ConnectionLimits(),
                handler: @escaping HTTPHandler) {
        precondition(loops >= 1, "HTTPServer needs at least one event loop")
        precondition(limits.idleTimeout > .zero, "HTTPServer idle timeout must be positive")
        precondition(limits.headerTimeout > .zero, "HTTPServer header timeout must be positive")
        precondition(limits.maxConnections >= 1, "HTTPServer needs room for at least one connection")
        requestedPort = port
        loopCount = loops
        self.limits = limits
        self.handler = handler
    }

    /// A server with the default header timeout and connection cap and the given idle timeout.
    public convenience init(port: UInt16 = 0, loops: Int = 1, idleTimeout: Duration, handler: @escaping HTTPHandler) {
        self.init(port: port, loops: loops, limits: ConnectionLimits(idleTimeout: idleTimeout), handler: handler)
    }

    deinit { stop() }

    /// The bound port once started, else the port asked for.
    public var port: UInt16 {
        let bound = boundPort.load(ordering: .acquiring)
        return bound != 0 ? bound : requestedPort
    }

    /// The counters summed over all loops; still readable after `stop()`.
    public var stats: HTTPServerStats {
        loopCounters.withLock { all in
            all.reduce(into: HTTPServerStats()) { sum, counters in
                let one = counters.snapshot
                sum.connectionsAccepted += one.connectionsAccepted
                sum.connectionsOpen += one.connectionsOpen
                sum.requestsServed += one.requestsServed
                sum.parseErrors += one.parseErrors
                sum.connectionsShed += one.connectionsShed
                sum.headerTimeouts += one.headerTimeouts
                sum.idleTimeouts += one.idleTimeouts
            }
        }
    }

    /// Binds 127.0.0.1, starts the loop threads and returns the port. Calling it again while running
    /// returns the same port; a stopped server cannot be started again.
    @discardableResult
    public func start() throws(HTTPServerError) -> UInt16 {
        try phase.withLock { (phase: inout Phase) throws(HTTPServerError) -> UInt16 in
            switch phase {
            case .running: return boundPort.load(ordering: .acquiring)
            case .stopped: preconditionFailure("HTTPServer cannot be restarted after stop()")
            case .idle: break
            }
            let loops = try makeLoops()
            var threads: [LoopThread] = []
            do throws(HTTPServerError) {
                for (index, loop) in loops.enumerated() {
                    threads.append(try LoopThread(name: "http-loop-\(index)") { loop.run() })
                }
            } catch {
                for loop in loops { loop.requestStop() }
                for thread in threads { thread.join() }
                throw error
            }
            loopCounters.withLock { $0 = loops.map(\.counters) }
            phase = .running(loops: loops, threads: threads)
            return boundPort.load(ordering: .acquiring)
        }
    }

    /// One listener and loop per thread, all on the same port.
    private func makeLoops() throws(HTTPServerError) -> [EventLoop] {
        var loops: [EventLoop] = []
        var port = requestedPort
        let loopLimits = LoopLimits(limits, budget: ConnectionBudget(limit: limits.maxConnections))
        for _ in 0..<loopCount {
            let listener = try Socket.listen(port: port, reusePort: loopCount > 1)
            port = listener.port
            loops.append(try EventLoop.make(listenFD: listener.fd, limits: loopLimits, handler: handler))
        }
        boundPort.store(port, ordering: .releasing)
        return loops
    }

    /// Closes the listeners and every connection and joins the loop threads. Idempotent; it must not be
    /// called from a handler (a loop cannot join itself).
    public func stop() {
        let running = phase.withLock { (phase: inout Phase) -> (loops: [EventLoop], threads: [LoopThread])? in
            defer { phase = .stopped }
            if case .running(let loops, let threads) = phase { return (loops, threads) }
            return nil
        }
        guard let running else { return }
        precondition(!running.threads.contains(where: \.isCurrent), "HTTPServer.stop() called from its own handler")
        for loop in running.loops { loop.requestStop() }
        for thread in running.threads { thread.join() }
    }
}
