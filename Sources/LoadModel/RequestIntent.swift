/// A request a job script wants sent now.
public struct RequestIntent: Sendable, Equatable {
    public var kind: OperationKind
    public var idUse: IdUse
    /// When the request was meant to start (a scheduled read or cancel), for corrected latency.
    public var intended: Instant
    /// Which Idempotency-Key to send: a fresh one, or the job's shared key number `n` (for replays).
    public var key: Key = .fresh
    /// `{payload}`: 1 normally, 2 for "same key, different payload".
    public var payload = 1
    /// A client-side timeout shorter than the run's, to provoke an indeterminate answer (retry-timeout).
    public var timeout: Span?

    public enum Key: Sendable, Equatable {
        case fresh
        case shared(Int)
    }

    public init(kind: OperationKind, idUse: IdUse, intended: Instant, key: Key = .fresh, payload: Int = 1, timeout: Span? = nil) {
        self.kind = kind
        self.idUse = idUse
        self.intended = intended
        self.key = key
        self.payload = payload
        self.timeout = timeout
    }
}

/// What the run has learned about job lifetimes so far, for cancels aimed at instants.
public struct LifecycleEstimates: Sendable, Equatable {
    /// Submit answer to the claim (queued→running).
    public var queue: Span
    /// Claim to terminal.
    public var run: Span
    /// Submit answer to terminal, for jobs left alone.
    public var life: Span

    public init(queue: Span = .milliseconds(30), run: Span = .milliseconds(100), life: Span = .milliseconds(130)) {
        self.queue = queue
        self.run = run
        self.life = life
    }
}
