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
        let status = statusText(document.value(at: fields.status))
        return Observation(
            status: status,
            state: status.flatMap(canonical),
            progress: fields.progress.flatMap { document.value(at: $0)?.numericValue },
            cancelRequestedAt: fields.cancelRequestedAt.flatMap { document.value(at: $0)?.stringValue },
            charged: fields.charged.flatMap { document.value(at: $0)?.numericValue },
            refunded: fields.refunded.flatMap { document.value(at: $0)?.numericValue },
            usage: fields.usage.flatMap { document.value(at: $0)?.numericValue })
    }

    /// A status value as text: a string as sent; a number in its decimal form (`3`, mapped through `states` as
    /// `"3"`) or a boolean as `true`/`false`, but only where the profile's states are spelled so: a number where
    /// the profile expects a name is no status at all, not an unknown one.
    public func statusText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .number(let n)?: return states[JSONText.number(n)] != nil ? JSONText.number(n) : nil
        case .bool(let b)?: return states[b ? "true" : "false"] != nil ? (b ? "true" : "false") : nil
        default: return nil
        }
    }

    /// Whether the profile reports billing, so the refund invariant can be judged.
    public var hasBilling: Bool { fields.charged != nil && fields.refunded != nil }
}
