/// A snapshot of a server's counters, summed over its event loops.
public struct HTTPServerStats: Sendable, Equatable {
    /// Connections accepted since start (shed ones not included).
    public var connectionsAccepted: Int
    /// Connections open at the time of the snapshot.
    public var connectionsOpen: Int
    /// Responses written for handler replies (immediate or delayed); parse-error answers are not counted.
    public var requestsServed: Int
    /// Requests rejected by the parser (answered with an error status and closed).
    public var parseErrors: Int
    /// Connections closed as soon as accepted: over the connection cap (answered 503) or for lack of file
    /// descriptors.
    public var connectionsShed: Int
    /// Connections closed because a request did not arrive whole within the header timeout (answered 408
    /// when a request had begun and nothing else was waiting to be sent).
    public var headerTimeouts: Int
    /// Connections closed after the idle timeout passed with no bytes either way.
    public var idleTimeouts: Int

    public init(connectionsAccepted: Int = 0, connectionsOpen: Int = 0, requestsServed: Int = 0,
                parseErrors: Int = 0, connectionsShed: Int = 0, headerTimeouts: Int = 0, idleTimeouts: Int = 0) {
        self.connectionsAccepted = connectionsAccepted
        self.connectionsOpen = connectionsOpen
        self.requestsServed = requestsServed
        self.parseErrors = parseErrors
        self.connectionsShed = connectionsShed
        self.headerTimeouts = headerTimeouts
        self.idleTimeouts = idleTimeouts
    }
}
