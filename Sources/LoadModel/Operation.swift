/// Which call an operation made.
public enum OperationKind: String, Sendable, CaseIterable {
    /// Submitting a job.
    case submit
    /// Reading a job's status.
    case status
    /// Cancelling a job.
    case cancel
}

/// Which id a request named: the job's own, or a deliberately bad one to probe the error contract.
public enum IdUse: String, Sendable {
    /// The id the API returned at submit.
    case job
    /// An id that no job has.
    case unknown = "unknown-id"
    /// No id at all.
    case missing = "missing-id"
    /// The job's own id, sent without a token.
    case noToken = "no-token"
    /// The job's own id, sent with the token of an account without a subscription.
    case unpaid
}

/// How an operation completed, in Jepsen's terms.
public enum Outcome: String, Sendable {
    /// It happened: a 2xx answer.
    case ok
    /// It definitely did not happen: a 4xx answer.
    case fail
    /// Unknown whether it happened: a timeout, a reset, a 5xx or anything else. It may take effect later.
    case info

    /// Classifies an HTTP status (0 when no response arrived).
    public static func classify(httpStatus: Int) -> Outcome {
        switch httpStatus {
        case 200...299: return .ok
        case 400...499: return .fail
        default: return .info
        }
    }
}

/// One HTTP exchange of a job's history: what was asked, when, and what came back.
public struct Operation: Sendable {
    /// Run-wide sequence number of the exchange (the `seq` column of requests.csv).
    public var seq: Int
    public var kind: OperationKind
    /// Which id the request named.
    public var idUse: IdUse
    /// The id the request named (empty for a missing id).
    public var requestedId: String
    /// When the client began the operation (handed to the transport). Used for ordering, like Jepsen's invoke.
    public var invoke: Instant
    /// When the answer (or the error) arrived.
    public var complete: Instant
    /// HTTP status, or 0 when no response arrived.
    public var httpStatus: Int
    public var outcome: Outcome
    /// Transport error category when no response arrived (`timeout`, `reset`...).
    public var transportError: String?
    /// The job as the response described it, for 2xx answers with a JSON body.
    public var observation: Observation?
    /// The parsed body of a non-2xx answer, to check documented error bodies.
    public var errorBody: JSONValue?
    /// `METHOD path` of the request, for evidence (never headers: they may carry the token).
    public var request: String = ""
    /// The start of the response body (at most 512 bytes), for evidence.
    public var excerpt: String = ""
    /// The Idempotency-Key the request carried, when the call's template has one.
    public var idempotencyKey: String?
    /// Which payload the request carried under its key (1 normally, 2 for the "different payload" probe).
    public var payload = 1
    /// A hash of the whole response body, to tell a replayed answer from a re-executed one.
    public var bodyHash: UInt64 = 0
    /// The job id a submit's answer carried.
    public var returnedId: String?

    public init(seq: Int, kind: OperationKind, idUse: IdUse = .job, requestedId: String = "", invoke: Instant,
                complete: Instant, httpStatus: Int, outcome: Outcome? = nil, transportError: String? = nil,
                observation: Observation? = nil, errorBody: JSONValue? = nil) {
        self.seq = seq
        self.kind = kind
        self.idUse = idUse
        self.requestedId = requestedId
        self.invoke = invoke
        self.complete = complete
        self.httpStatus = httpStatus
        self.outcome = outcome ?? Outcome.classify(httpStatus: httpStatus)
        self.transportError = transportError
        self.observation = observation
        self.errorBody = errorBody
    }

    /// Whether this is a cancel that named the job's own id (one of `JobHistory.cancels`).
    public var isOwnCancel: Bool { kind == .cancel && idUse == .job }

    /// Whether this operation finished before `other` began, the only order a history can prove.
    public func precedes(_ other: Operation) -> Bool { complete < other.invoke }
}

/// Every operation of one job, in the order they were invoked.
public struct JobHistory: Sendable {
    /// The job's sequence number in the run.
    public var job: Int
    /// The id the API gave the job, once known.
    public var jobId: String?
    public var operations: [Operation]
    /// How the job's script ended (a timed-out job never reached a terminal state).
    public var end: JobEnd

    public init(job: Int, jobId: String? = nil, operations: [Operation] = [], end: JobEnd = .terminal) {
        self.job = job
        self.jobId = jobId
        self.operations = operations
        self.end = end
    }

    /// Successful reads of the job's own id that carried a status.
    public var reads: [Operation] {
        operations.filter { $0.kind == .status && $0.idUse == .job && $0.outcome == .ok && $0.observation?.status != nil }
    }

    /// Cancels that named the job's own id.
    public var cancels: [Operation] { operations.filter(\.isOwnCancel) }

    /// The first of `cancels` that satisfies `predicate`, found without making the array (each copied operation
    /// costs a retain per text field).
    public func firstCancel(where predicate: (Operation) -> Bool) -> Operation? {
        operations.first { $0.isOwnCancel && predicate($0) }
    }

    /// Whether any of `cancels` satisfies `predicate`, without making the array.
    public func anyCancel(where predicate: (Operation) -> Bool) -> Bool {
        operations.contains { $0.isOwnCancel && predicate($0) }
    }
}
