import LoadModel

/// One HTTP exchange as the results files record it: a row of requests.csv.
public struct ExchangeRecord: Sendable {
    public var seq: Int
    public var job: Int
    public var jobId: String
    public var kind: OperationKind
    public var idUse: IdUse
    public var cancelPoint: CancelPoint
    public var method: String
    public var path: String
    /// When the schedule meant the request to start (ns since the run started).
    public var intended: Int64
    /// When it was handed to the transport.
    public var started: Int64
    /// When the transport began sending it.
    public var sent: Int64
    public var completed: Int64
    public var httpStatus: Int
    public var outcome: Outcome
    public var transportError: String
    public var bytesOut: Int
    public var bytesIn: Int
    public var newConnections: Int
    /// The API's status name in the answer, if any.
    public var apiStatus: String
    /// Its canonical state, if the profile maps it.
    public var state: String
    /// Whether the harness gave this exchange a deliberately short timeout (the retry-timeout probe): its
    /// timeout is the harness's doing, not the target's error.
    public var deliberateTimeout = false

    public init(seq: Int, job: Int, jobId: String, kind: OperationKind, idUse: IdUse, cancelPoint: CancelPoint,
                method: String, path: String, intended: Int64, started: Int64, sent: Int64, completed: Int64,
                httpStatus: Int, outcome: Outcome, transportError: String, bytesOut: Int, bytesIn: Int,
                newConnections: Int, apiStatus: String, state: String) {
        self.seq = seq; self.job = job; self.jobId = jobId; self.kind = kind; self.idUse = idUse
        self.cancelPoint = cancelPoint; self.method = method; self.path = path; self.intended = intended
        self.started = started; self.sent = sent; self.completed = completed; self.httpStatus = httpStatus
        self.outcome = outcome; self.transportError = transportError; self.bytesOut = bytesOut; self.bytesIn = bytesIn
        self.newConnections = newConnections; self.apiStatus = apiStatus; self.state = state
    }

    /// Latency from the intended start: what a user of the API would have waited (corrected).
    public var latency: Int64 { completed - intended }
    /// Latency from the actual send (uncorrected, the view most tools show).
    public var serviceTime: Int64 { completed - sent }

    /// The columns of requests.csv, in order (documented in docs/results.md).
    public static let columns = [
        "run_id", "seq", "job", "job_id", "op", "id_use", "cancel_point", "method", "path",
        "intended_ns", "started_ns", "sent_ns", "completed_ns", "latency_ns", "service_ns",
        "status", "outcome", "error", "bytes_out", "bytes_in", "new_connections", "api_status", "state",
    ]

    /// The row's fields, as text (the fields `appendRow` writes).
    func row(runId: String) -> [String] {
        [runId, String(seq), String(job), jobId, kind.rawValue, idUse.rawValue, cancelPoint.rawValue, method, path,
         String(intended), String(started), String(sent), String(completed), String(latency), String(serviceTime),
         String(httpStatus), outcome.rawValue, transportError, String(bytesOut), String(bytesIn), String(newConnections),
         apiStatus, state]
    }

    /// Appends the row as requests.csv holds it (no line break); `runIdField` is the run id already written as
    /// a CSV field (`CSVWriter.field`), the same on every row.
    func appendRow(runIdField: [UInt8], to out: inout ByteBuffer) {
        let comma = UInt8(ascii: ",")
        out.append(runIdField)
        out.append(comma); out.appendDecimal(seq)
        out.append(comma); out.appendDecimal(job)
        out.append(comma); CSVWriter.appendField(jobId, to: &out)
        out.append(comma); CSVWriter.appendField(kind.rawValue, to: &out)
        out.append(comma); CSVWriter.appendField(idUse.rawValue, to: &out)
        out.append(comma); CSVWriter.appendField(cancelPoint.rawValue, to: &out)
        out.append(comma); CSVWriter.appendField(method, to: &out)
        out.append(comma); CSVWriter.appendField(path, to: &out)
        out.append(comma); out.appendDecimal(intended)
        out.append(comma); out.appendDecimal(started)
        out.append(comma); out.appendDecimal(sent)
        out.append(comma); out.appendDecimal(completed)
        out.append(comma); out.appendDecimal(latency)
        out.append(comma); out.appendDecimal(serviceTime)
        out.append(comma); out.appendDecimal(httpStatus)
        out.append(comma); CSVWriter.appendField(outcome.rawValue, to: &out)
        out.append(comma); CSVWriter.appendField(transportError, to: &out)
        out.append(comma); out.appendDecimal(bytesOut)
        out.append(comma); out.appendDecimal(bytesIn)
        out.append(comma); out.appendDecimal(newConnections)
        out.append(comma); CSVWriter.appendField(apiStatus, to: &out)
        out.append(comma); CSVWriter.appendField(state, to: &out)
    }
}

/// One job as jobs.csv records it.
public struct JobRecord: Sendable {
    public var job: Int
    public var jobId: String
    public var plan: JobPlan
    /// The canonical state the last read showed when the first cancel went out ("unseen" if none).
    public var stateAtCancel: String
    public var cancels: Int
    public var finalStatus: String
    public var finalState: String
    public var end: JobEnd
    public var exchanges: Int
    public var started: Int64
    public var ended: Int64
    public var violations: [Invariant]

    public init(job: Int, jobId: String, plan: JobPlan, stateAtCancel: String, cancels: Int, finalStatus: String,
                finalState: String, end: JobEnd, exchanges: Int, started: Int64, ended: Int64, violations: [Invariant]) {
        self.job = job; self.jobId = jobId; self.plan = plan; self.stateAtCancel = stateAtCancel; self.cancels = cancels
        self.finalStatus = finalStatus; self.finalState = finalState; self.end = end; self.exchanges = exchanges
        self.started = started; self.ended = ended; self.violations = violations
    }

    /// The columns of jobs.csv, in order (documented in docs/results.md).
    public static let columns = [
        "run_id", "job", "job_id", "cancel_point", "state_at_cancel", "cancels", "final_status", "final_state",
        "end", "exchanges", "started_ns", "ended_ns", "violations",
    ]

    /// The row's fields, as text (the fields `appendRow` writes).
    func row(runId: String) -> [String] {
        [runId, String(job), jobId, plan.point.rawValue, stateAtCancel, String(cancels), finalStatus, finalState,
         end.rawValue, String(exchanges), String(started), String(ended),
         violations.map { String($0.rawValue) }.joined(separator: " ")]
    }

    /// Appends the row as jobs.csv holds it (no line break); `runIdField` as for `ExchangeRecord.appendRow`.
    func appendRow(runIdField: [UInt8], to out: inout ByteBuffer) {
        let comma = UInt8(ascii: ",")
        out.append(runIdField)
        out.append(comma); out.appendDecimal(job)
        out.append(comma); CSVWriter.appendField(jobId, to: &out)
        out.append(comma); CSVWriter.appendField(plan.point.rawValue, to: &out)
        out.append(comma); CSVWriter.appendField(stateAtCancel, to: &out)
        out.append(comma); out.appendDecimal(cancels)
        out.append(comma); CSVWriter.appendField(finalStatus, to: &out)
        out.append(comma); CSVWriter.appendField(finalState, to: &out)
        out.append(comma); CSVWriter.appendField(end.rawValue, to: &out)
        out.append(comma); out.appendDecimal(exchanges)
        out.append(comma); out.appendDecimal(started)
        out.append(comma); out.appendDecimal(ended)
        out.append(comma)
        // Invariant numbers separated by spaces: never a character CSV must quote.
        for (i, v) in violations.enumerated() {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            out.appendDecimal(v.rawValue)
        }
    }
}
