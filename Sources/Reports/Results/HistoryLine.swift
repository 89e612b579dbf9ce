import LoadModel

/// One line of history.jsonl: an operation in Jepsen's form — what was invoked, when, and how it completed.
///
/// Fields: `run_id`, `job`, `job_id`, `job_end` (how the job's script ended), `seq`, `f` (submit, status,
/// cancel), `id_use`, `requested_id`, `key` (Idempotency-Key or null), `payload`, `invoke_ns`, `complete_ns`,
/// `type` (ok, fail, info), `status` (HTTP, 0 for none), `error` (transport category or null), `body_hash`
/// (FNV-1a of the answer's body, hex), `error_body` (a non-2xx answer's JSON body, or null), and `value`: what
/// the answer said about the job (`status`, `state`, `progress`, `cancel_requested_at`, `charged`, `refunded`,
/// `usage`, `returned_id`), absent fields null. Everything the checker reads is here, so `cancelbench check`
/// judges a recorded history again.
public enum HistoryLine {
    static func json(_ op: Operation, job: Int, jobId: String?, end: JobEnd, runId: String) -> String {
        func q(_ s: String?) -> String { s.map(JSONText.quote) ?? "null" }
        func n(_ d: Double?) -> String { d.map { JSONText.number($0) } ?? "null" }
        let o = op.observation
        let value = "{\"status\":\(q(o?.status)),\"state\":\(q(o?.state?.rawValue)),\"progress\":\(n(o?.progress)),"
            + "\"cancel_requested_at\":\(q(o?.cancelRequestedAt)),\"charged\":\(n(o?.charged)),\"refunded\":\(n(o?.refunded)),"
            + "\"usage\":\(n(o?.usage)),\"returned_id\":\(q(op.returnedId))}"
        return "{\"run_id\":\(q(runId)),\"job\":\(job),\"job_id\":\(q(jobId)),\"job_end\":\(q(end.rawValue)),\"seq\":\(op.seq),"
            + "\"f\":\(q(op.kind.rawValue)),\"id_use\":\(q(op.idUse.rawValue)),\"requested_id\":\(q(op.requestedId)),"
            + "\"key\":\(q(op.idempotencyKey)),\"payload\":\(op.payload),"
            + "\"invoke_ns\":\(op.invoke.nanoseconds),\"complete_ns\":\(op.complete.nanoseconds),\"type\":\(q(op.outcome.rawValue)),"
            + "\"status\":\(op.httpStatus),\"error\":\(q(op.transportError)),\"body_hash\":\"\(String(op.bodyHash, radix: 16))\","
            + "\"error_body\":\(op.errorBody.map(JSONText.serialize) ?? "null"),\"value\":\(value)}"
    }

    /// Fields a line must have for the checker to judge it again (older histories lack some).
    public static let requiredForChecking = ["job_end", "requested_id", "body_hash", "error_body"]

    /// Reads one line back: the job's number, id and end, and the operation as the checker needs it.
    public static func parse(_ line: JSONValue, profile: Profile) -> (job: Int, jobId: String?, end: JobEnd, op: Operation)? {
        guard let job = line["job"]?.numericValue, let seq = line["seq"]?.numericValue,
              let kind = line["f"]?.stringValue.flatMap(OperationKind.init(rawValue:)),
              let idUse = line["id_use"]?.stringValue.flatMap(IdUse.init(rawValue:)),
              let invoke = line["invoke_ns"]?.numericValue, let complete = line["complete_ns"]?.numericValue,
              let outcome = line["type"]?.stringValue.flatMap(Outcome.init(rawValue:)),
              let http = line["status"]?.numericValue,
              let jobNumber = Int(exactly: job), let seqNumber = Int(exactly: seq), let httpStatus = Int(exactly: http),
              let invokeNs = Int64(exactly: invoke), let completeNs = Int64(exactly: complete) else { return nil }
        var op = Operation(seq: seqNumber, kind: kind, idUse: idUse, requestedId: line["requested_id"]?.stringValue ?? "",
                           invoke: Instant(nanoseconds: invokeNs), complete: Instant(nanoseconds: completeNs),
                           httpStatus: httpStatus, outcome: outcome, transportError: line["error"]?.stringValue)
        op.idempotencyKey = line["key"]?.stringValue
        op.payload = line["payload"]?.numericValue.flatMap { Int(exactly: $0) } ?? 1
        op.bodyHash = line["body_hash"]?.stringValue.flatMap { UInt64($0, radix: 16) } ?? 0
        if let body = line["error_body"], body != .null { op.errorBody = body }
        if let v = line["value"], let status = v["status"]?.stringValue {
            op.observation = Observation(status: status, state: profile.canonical(status), progress: v["progress"]?.numericValue,
                                         cancelRequestedAt: v["cancel_requested_at"]?.stringValue, charged: v["charged"]?.numericValue,
                                         refunded: v["refunded"]?.numericValue, usage: v["usage"]?.numericValue)
        }
        op.returnedId = line["value"]?["returned_id"]?.stringValue
        let end = line["job_end"]?.stringValue.flatMap(JobEnd.init(rawValue:)) ?? .terminal
        return (jobNumber, line["job_id"]?.stringValue, end, op)
    }
}
