/// The fields of an operation that most operations leave empty, stored in one shared box that is copied only
/// when a copy of the operation changes one of them.
extension Operation {
    /// The out-of-line fields. Copy-on-write: `update` copies the box unless this operation holds the only reference.
    final class Details: @unchecked Sendable {
        // @unchecked: a box is changed only through `Operation.update`, after `isKnownUniquelyReferenced` showed
        // that no other operation (on any thread) shares it; a shared box is never written.
        var transportError: String?
        var errorBody: JSONValue?
        var request = ""
        var excerpt = ""
        var idempotencyKey: String?
        var returnedId: String?

        init() {}

        func copy() -> Details {
            let c = Details()
            (c.transportError, c.errorBody, c.request, c.excerpt) = (transportError, errorBody, request, excerpt)
            (c.idempotencyKey, c.returnedId) = (idempotencyKey, returnedId)
            return c
        }
    }

    /// Changes the box, made or copied first when needed; setting an empty value where there is no box makes none.
    private mutating func update(empty: Bool, _ change: (Details) -> Void) {
        if details == nil {
            if empty { return }
            details = Details()
        } else if !isKnownUniquelyReferenced(&details!) {
            details = details!.copy()
        }
        change(details!)
    }

    /// Transport error category when no response arrived (`timeout`, `reset`...).
    public var transportError: String? {
        get { details?.transportError }
        set { update(empty: newValue == nil) { $0.transportError = newValue } }
    }

    /// The parsed body of a non-2xx answer, to check documented error bodies.
    public var errorBody: JSONValue? {
        get { details?.errorBody }
        set { update(empty: newValue == nil) { $0.errorBody = newValue } }
    }

    /// `METHOD path` of the request, for evidence (never headers: they may carry the token).
    public var request: String {
        get { details?.request ?? "" }
        set { update(empty: newValue.isEmpty) { $0.request = newValue } }
    }

    /// The start of the response body (at most 512 bytes), for evidence.
    public var excerpt: String {
        get { details?.excerpt ?? "" }
        set { update(empty: newValue.isEmpty) { $0.excerpt = newValue } }
    }

    /// The Idempotency-Key the request carried, when the call's template has one.
    public var idempotencyKey: String? {
        get { details?.idempotencyKey }
        set { update(empty: newValue == nil) { $0.idempotencyKey = newValue } }
    }

    /// The job id a submit's answer carried.
    public var returnedId: String? {
        get { details?.returnedId }
        set { update(empty: newValue == nil) { $0.returnedId = newValue } }
    }
}
