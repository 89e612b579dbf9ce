/// What one response said about a job, read through the profile's field paths.
public struct Observation: Sendable, Equatable {
    /// The API's own status name, as sent.
    public var status: String?
    /// The canonical state of `status`, or nil when the profile does not map that name.
    public var state: CanonicalState?
    /// Progress in percent, when the API reports it.
    public var progress: Double?
    /// The cancel-requested timestamp as sent, when present and not null.
    public var cancelRequestedAt: String?
    /// Credits charged, when the profile names a billing field.
    public var charged: Double?
    /// Credits refunded, when the profile names a billing field.
    public var refunded: Double?
    /// Work done so far (usage), when the profile names a usage field.
    public var usage: Double?

    public init(status: String? = nil, state: CanonicalState? = nil, progress: Double? = nil,
                cancelRequestedAt: String? = nil, charged: Double? = nil, refunded: Double? = nil, usage: Double? = nil) {
        self.status = status
        self.state = state
        self.progress = progress
        self.cancelRequestedAt = cancelRequestedAt
        self.charged = charged
        self.refunded = refunded
        self.usage = usage
    }
}

extension Profile {
    /// Reads a job document (a read or cancel response body) through the profile's fields.
    public func observe(_ document: JSONValue) -> Observation {
        let status = document.value(at: fields.status)?.stringValue
        return Observation(
            status: status,
            state: status.flatMap(canonical),
            progress: fields.progress.flatMap { document.value(at: $0)?.numericValue },
            cancelRequestedAt: fields.cancelRequestedAt.flatMap { document.value(at: $0)?.stringValue },
            charged: fields.charged.flatMap { document.value(at: $0)?.numericValue },
            refunded: fields.refunded.flatMap { document.value(at: $0)?.numericValue },
            usage: fields.usage.flatMap { document.value(at: $0)?.numericValue })
    }

    /// Whether the profile reports billing, so the refund invariant can be judged.
    public var hasBilling: Bool { fields.charged != nil && fields.refunded != nil }
}
