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
public enum IdUse: String, Sendable, CaseIterable {
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
public enum Outcome: String, Sendable, CaseIterable {
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
    /// The job as the response described it, for 2xx answers with a JSON body.
    public var observation: Observation?
    /// Which payload the request carried under its key (1 normally, 2 for the "different payload" probe).
    public var payload = 1
    /// A hash of the whole response body, to tell a replayed answer from a re-executed one.
    public var bodyHash: UInt64 = 0
    /// The fields most operations leave empty (transport error, error body, evidence, key, returned id), kept out
    /// of line: the checker copies operations by the million, and each copy retained every String field.
    var details: Details?

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
        self.observation = observation
        self.transportError = transportError
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

    // The selections below test fields by index: `filter` handed its predicate a copy of every operation (each
    // copy retains the operation's Strings), which over a large history cost more than the checking.

    /// Successful reads of the job's own id that carried a status.
    public var reads: [Operation] {
        var reads: [Operation] = []
        for k in operations.indices where operations[k].kind == .status && operations[k].idUse == .job && operations[k].outcome == .ok
            && operations[k].observation?.status != nil {
            reads.append(operations[k])
        }
        return reads
    }

    /// Cancels that named the job's own id.
    public var cancels: [Operation] {
        var cancels: [Operation] = []
        for k in operations.indices where operations[k].isOwnCancel { cancels.append(operations[k]) }
        return cancels
    }

    /// Whether any operation satisfies `test`, which is given each index (so that it reads fields in place).
    func any(_ test: (Int) -> Bool) -> Bool {
        for k in operations.indices where test(k) { return true }
        return false
    }

    /// The first of `cancels` that satisfies `predicate`, found without making the array (each copied operation
    /// costs a retain per text field).
    public func firstCancel(where predicate: (Operation) -> Bool) -> Operation? {
        operations.first { $0.isOwnCancel && predicate($0) }
    }
}
