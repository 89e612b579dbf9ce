import LoadModel

/// Why jobs could or could not be judged: what the submits, reads and cancels of jobs' own ids were answered,
/// counted as the run goes, with the first unusable answer of each kind kept (already redacted, cut to 200
/// bytes) to show a profile author what the target actually said.
public struct RunDiagnostics: Sendable {
    /// First submits answered 2xx with a job id where the profile looks.
    public var submitsAccepted = 0
    /// First submits answered 2xx with no job id where the profile looks.
    public var submitsWithoutId = 0
    /// First submits not answered 2xx, by HTTP status (0: no answer).
    public var submitsRefused: [Int: Int] = [:]
    /// Reads of a job's own id answered 2xx with a status.
    public var readsWithStatus = 0
    /// Reads of a job's own id answered 2xx with no status where the profile looks (or not JSON).
    public var readsWithoutStatus = 0
    /// Reads of a job's own id not answered 2xx, by HTTP status (0: no answer).
    public var readsFailed: [Int: Int] = [:]
    /// Cancels of a job's own id answered 2xx.
    public var cancelsAccepted = 0
    /// Cancels of a job's own id not answered 2xx, by HTTP status (0: no answer).
    public var cancelsRefused: [Int: Int] = [:]
    /// Exchanges with no usable answer, by transport error category (`timeout`, `reset`, `body-too-large`...).
    public var errors: [String: Int] = [:]
    /// The part of `errors` the harness itself or a cap it set caused (`client-fd-limit`, `unsafe-request`,
    /// `body-too-large`).
    public var harnessErrors: [String: Int] { errors.filter { Self.harnessCategories.contains($0.key) } }
    /// The first 2xx submit answer with no job id, and the first 2xx read with no status.
    public var firstSubmitWithoutId: String?
    public var firstReadWithoutStatus: String?

    public init() {}

    /// The categories counted in `harnessErrors`.
    static let harnessCategories: Set<String> = ["client-fd-limit", "unsafe-request", "body-too-large"]

    /// Counts one exchange of a job; `submittedId` is the id a first submit's answer carried, `firstSubmit` says
    /// whether this was the job's first submit (a replayed submit is judged by invariant 7, not counted here).
    public mutating func add(_ e: ExchangeRecord, firstSubmit: Bool, submittedId: String?, excerpt: @autoclosure () -> String) {
        add(kind: e.kind, idUse: e.idUse, outcome: e.outcome, httpStatus: e.httpStatus, hasStatus: !e.apiStatus.isEmpty,
            transportError: e.transportError, firstSubmit: firstSubmit, hasId: submittedId != nil, excerpt: excerpt())
    }

    /// Counts one exchange by what it was and how it was answered: `hasStatus` says whether a 2xx read carried a
    /// status, `transportError` is empty for an answered exchange, `hasId` says whether a first submit's answer gave
    /// the job an id. (`cancelbench check` passes an operation's fields: passing the operation copied it.)
    public mutating func add(kind: OperationKind, idUse: IdUse, outcome: Outcome, httpStatus: Int, hasStatus: Bool, transportError: String,
                             firstSubmit: Bool, hasId: Bool, excerpt: @autoclosure () -> String) {
        if !transportError.isEmpty { errors[transportError, default: 0] += 1 }
        // A request the harness would not send got no answer from anyone: counted above, and only there.
        guard idUse == .job, transportError != "unsafe-request" else { return }
        switch kind {
        case .submit where firstSubmit:
            if outcome != .ok {
                submitsRefused[httpStatus, default: 0] += 1
            } else if !hasId {
                submitsWithoutId += 1
                if firstSubmitWithoutId == nil { firstSubmitWithoutId = Self.cut(excerpt()) }
            } else {
                submitsAccepted += 1
            }
        case .submit:
            break
        case .status:
            if outcome != .ok {
                readsFailed[httpStatus, default: 0] += 1
            } else if !hasStatus {
                readsWithoutStatus += 1
                if firstReadWithoutStatus == nil { firstReadWithoutStatus = Self.cut(excerpt()) }
            } else {
                readsWithStatus += 1
            }
        case .cancel:
            if outcome == .ok { cancelsAccepted += 1 } else { cancelsRefused[httpStatus, default: 0] += 1 }
        }
    }

    static func cut(_ text: String) -> String {
        let flat = text.map { $0.isNewline ? " " : $0 }
        return flat.count <= 200 ? String(flat) : String(flat.prefix(200)) + "…"
    }

    /// What the most frequent error category means, for a message.
    public static let errorHints = [
        "connect": "nothing accepted the connection: is the target running at that address?",
        "timeout": "the target did not answer within --request-timeout",
        "reset": "the target closed connections without answering",
        "protocol": "the target's answers are not HTTP/1.1",
        "tls": "the TLS handshake failed",
        "body-too-large": "the target's answers are longer than --max-body; raise it if they are meant to be",
        "client-fd-limit": "the harness ran out of file descriptors (ulimit -n): lower --connections or raise the limit",
        "unsafe-request": "the target's job ids hold control characters the harness will not put into a request",
    ]

    /// `404 ×30, no answer ×2`, most frequent first.
    /// `timeout ×8, reset ×2`, most frequent first.
    public static func kinds(_ counts: [String: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }

    public static func codes(_ counts: [Int: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.key == 0 ? "no answer" : String($0.key)) ×\($0.value)" }.joined(separator: ", ")
    }
}
