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
        // Plain conditionals, not `flatMap(canonical)`: a method passed as a function value copies the whole
        // profile into its context, once per answer read.
        let status = statusText(document.value(at: fields.status))
        var o = Observation(status: status)
        if let status { o.state = states[status] }
        if let p = fields.progress { o.progress = document.value(at: p)?.numericValue }
        if let p = fields.cancelRequestedAt { o.cancelRequestedAt = document.value(at: p)?.stringValue }
        if let p = fields.charged { o.charged = document.value(at: p)?.numericValue }
        if let p = fields.refunded { o.refunded = document.value(at: p)?.numericValue }
        if let p = fields.usage { o.usage = document.value(at: p)?.numericValue }
        return o
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
