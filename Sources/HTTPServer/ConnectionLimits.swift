import Glibc

/// How long a server waits on a client and how many clients it keeps: its defence against connections that
/// are held open without finishing a request (slowloris) or without being used.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may stay silent (no bytes either way) before it is closed; time spent waiting
    /// on a delayed response does not count.
    public var idleTimeout: Duration
    /// How long a request may take to arrive whole, head and body, counted from its first byte (from the
    /// accept for a connection's first request). Past it the client gets 408 and the connection is closed.
    /// Bytes trickling in do not extend it, unlike the idle timeout.
    public var headerTimeout: Duration
    /// Most connections open at once over all event loops; beyond it a new connection is answered 503 and
    /// closed at once, so the connections already open keep being served.
    public var maxConnections: Int

    /// The connection cap used when none is given, unless the descriptor limit is lower.
    public static let defaultMaxConnections = 4096
    /// Descriptors left for everything but connections: stdio, each loop's listener, epoll, eventfd and
    /// spare, the callback sender's sockets, files.
    public static let reservedDescriptors = 256

    /// - Parameters:
    ///   - idleTimeout: see `idleTimeout`; default 60 s.
    ///   - headerTimeout: see `headerTimeout`; default 10 s.
    ///   - maxConnections: see `maxConnections`; default the lower of 4,096 and `descriptorBudget()`.
    public init(idleTimeout: Duration = .seconds(60), headerTimeout: Duration = .seconds(10),
                maxConnections: Int = min(ConnectionLimits.defaultMaxConnections, ConnectionLimits.descriptorBudget())) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.maxConnections = maxConnections
    }

    /// The connections this process can hold: its soft RLIMIT_NOFILE minus `reservedDescriptors`, at least 16.
    public static func descriptorBudget() -> Int {
        var limit = rlimit()
        // RLIM_INFINITY is all ones on Linux (its C macro does not import): no limit to derive a cap from.
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return Int(Int32.max)
        }
        return max(16, Int(clamping: limit.rlim_cur) - reservedDescriptors)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var clampedNanoseconds: Int64 {
        let parts = components
        let (whole, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? Int64.min : Int64.max }
        let (sum, overflow2) = whole.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : sum
    }
}
