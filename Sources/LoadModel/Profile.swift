/// An API dialect as data: how to submit, read and cancel a job, how to read its state, and what the contract
/// promises. The driver and the checker contain no dialect-specific code; a new API is a new profile file.
public struct Profile: Sendable {
    /// The format the file was written in: 1 (the seed profiles) or 2 (adds the keys for real APIs). Every
    /// key is read either way; the number says what the author wrote against.
    public var format = 1
    /// Short name, used in file names and summaries (`pika`).
    public var name: String
    /// One line saying which API this is.
    public var description: String
    /// Which contract of the embedded reference target plays this API when a run has no `--target`
    /// (`"reference": "pika"`); nil for a profile of an API only a real server can play. Chosen explicitly, never
    /// by the profile's name: a user's own profile named "pika" must not silently run against the simulator.
    public var reference: String?

    /// The contracts the embedded reference target serves (its dialects; LoadModel names them as data).
    public static let referenceDialects = ["pika", "beatra", "praison", "ogc-processes"]
    /// How the bearer token travels, or nil when the API takes none.
    public var auth: Auth?
    /// The submit call; its response carries the job id as `submitId` says.
    public var submit: Call
    /// Where the job id comes from: the submit answer's body or a header, or the client's own `{jobKey}`.
    public var submitId: IdSource
    /// The status read call (`{id}` in its path).
    public var status: Call
    /// The cancel call (`{id}` in its path).
    public var cancel: Call
    /// What an accepted cancel's answer is, and what it promises.
    public var cancelRule = CancelRule()
    /// Whether a job stays readable after it ended or after an accepted cancel.
    public var retention = Retention()
    /// Which ids the error probes send, and to which calls.
    public var probes = Probes()
    /// Where the job's fields are in read and cancel responses.
    public var fields: Fields
    /// The API's status names mapped onto the canonical lifecycle; a name mapped to a terminal state is terminal.
    public var states: [String: CanonicalState]
    /// What the contract promises, and so what the checker judges.
    public var contract: Contract
    /// Completion callbacks, when the API delivers them to a URL given at submit (`{callbackUrl}`).
    public var callback: Callback?

    /// How completion callbacks are recognised.
    public struct Callback: Sendable, Equatable {
        /// Where the job id is in the callback body; its status is read through `fields`.
        public var id: FieldPath
    }

    /// How the token is sent: in a header (`Authorization: Bearer …`) or as a query parameter (`?api_key=…`).
    public struct Auth: Sendable, Equatable {
        /// Header name, usually `Authorization`.
        public var header: String
        /// Text put before the token, usually `Bearer `.
        public var prefix: String
        /// The query parameter that carries the token instead of a header, when set. It is added to the URL the
        /// transport sends, never to the request line that the records keep.
        public var query: String?

        public init(header: String = "Authorization", prefix: String = "Bearer ", query: String? = nil) {
            self.header = header
            self.prefix = prefix
            self.query = query
        }
    }

    /// One HTTP call: method, path template (with query), header templates, an optional body and the answers
    /// that mean refused although their status is 2xx.
    public struct Call: Sendable, Equatable {
        public var method: String
        /// Path and query, relative to the target URL, for example `/v1/tasks/{id}/cancel`.
        public var path: Template
        public var headers: [(name: String, value: Template)]
        public var body: RequestBody?
        /// Answers that mean "refused" whatever their status (`201 {"status": "REJECT"}`): recorded as fail.
        public var refused: [AnswerRule] = []

        public static func == (a: Call, b: Call) -> Bool {
            a.method == b.method && a.path == b.path && a.body == b.body && a.refused == b.refused
                && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
        }

        /// Whether the path, a header or the body names `variable`.
        public func uses(_ variable: Template.Variable) -> Bool {
            path.uses(variable) || headers.contains { $0.value.uses(variable) } || body?.uses(variable) == true
        }

        /// Whether the profile sets this header itself (case-insensitively).
        public func hasHeader(_ name: String) -> Bool { headers.contains { $0.name.lowercased() == name.lowercased() } }
    }

    /// Where fields live in a job document; only `status` is required.
    public struct Fields: Sendable, Equatable {
        /// The API's status name.
        public var status: FieldPath
        /// Progress in percent (0–100), if the API reports it.
        public var progress: FieldPath?
        /// The instant a best-effort cancel was requested, if the API reports it.
        public var cancelRequestedAt: FieldPath?
        /// Credits charged for the job, a number or a decimal string.
        public var charged: FieldPath?
        /// Credits refunded for the job, a number or a decimal string.
        public var refunded: FieldPath?
        /// Work done so far (credits used, tokens...), a number or a decimal string.
        public var usage: FieldPath?
    }

    /// The canonical state of an API status name, or nil when the profile does not know it.
    public func canonical(_ status: String) -> CanonicalState? { states[status] }

    /// Whether the cancel call carries an Idempotency-Key (so key replays can be probed).
    /// A key in a header (`Idempotency-Key`), in the body (Temporal's `requestId`) or in the path all count.
    public var cancelHasKey: Bool { cancel.uses(.idempotencyKey) }

    /// Whether the submit call carries an Idempotency-Key.
    public var submitHasKey: Bool { submit.uses(.idempotencyKey) }

    /// Whether the cancel call's payload varies with `{payload}` (so "same key, different payload" can be sent).
    public var cancelVariesPayload: Bool { cancel.uses(.payload) }
}

/// What an API's contract promises about cancels and errors.
public struct Contract: Sendable, Equatable {
    /// The answer to a cancel of a job already seen terminal.
    public var cancelTerminal: TerminalCancelRule
    /// The answer to a request naming an id that does not exist, if the contract documents one.
    public var unknownId: ErrorRule?
    /// The answer to a request with the id left out, if the contract documents one.
    public var missingId: ErrorRule?
    /// The answer to a request without a token, if the contract documents one.
    public var unauthorized: ErrorRule?
    /// The answer to a request with the token of an account without a subscription, if documented.
    public var unpaid: ErrorRule?
    /// The answer to a reused Idempotency-Key with a different payload (statuses accepted; default any 4xx).
    public var keyReuse: StatusRule
}

/// Which HTTP statuses an expectation accepts.
public enum StatusRule: Sendable, Equatable, CustomStringConvertible {
    /// Any status: the contract is silent.
    case any
    /// Any 2xx.
    case success
    /// Any 4xx.
    case clientError
    /// Exactly one of these.
    case oneOf([Int])

    public func accepts(_ status: Int) -> Bool {
        switch self {
        case .any: return true
        case .success: return (200...299).contains(status)
        case .clientError: return (400...499).contains(status)
        case .oneOf(let codes): return codes.contains(status)
        }
    }

    public var description: String {
        switch self {
        case .any: return "any status"
        case .success: return "a 2xx status"
        case .clientError: return "a 4xx status"
        case .oneOf(let codes): return codes.map(String.init).joined(separator: " or ")
        }
    }
}

/// The contract for cancelling a job that is already terminal.
public struct TerminalCancelRule: Sendable, Equatable {
    /// Accepted statuses (beatra: 2xx; PraisonAI: 400; Pika: 200).
    public var status: StatusRule
    /// Whether a 2xx answer must show the same final status as the read that proved the job terminal.
    public var sameState: Bool
    /// Whether a 2xx answer must show the same charged and refunded credits.
    public var sameBilling: Bool
}

/// A documented error answer: status and, optionally, body fields that must match.
public struct ErrorRule: Sendable, Equatable {
    public var status: Int
    /// Fields the body must contain with these values (a subset match); string values may use `{id}`.
    public var body: JSONValue?
}
