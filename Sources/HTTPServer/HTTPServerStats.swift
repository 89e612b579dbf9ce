/// A snapshot of a server's counters, summed over its event loops.
public struct HTTPServerStats: Sendable, Equatable {
    /// Connections accepted since start.
    public var connectionsAccepted: Int
    /// Connections open at the time of the snapshot.
    public var connectionsOpen: Int
    /// Responses written for handler replies (immediate or delayed); parse-error answers are not counted.
    public var requestsServed: Int
    /// Requests rejected by the parser (answered with an error status and closed).
    public var parseErrors: Int

    public init(connectionsAccepted: Int = 0, connectionsOpen: Int = 0, requestsServed: Int = 0,
                parseErrors: Int = 0) {
        self.connectionsAccepted = connectionsAccepted
        self.connectionsOpen = connectionsOpen
        self.requestsServed = requestsServed
        self.parseErrors = parseErrors
    }
}
