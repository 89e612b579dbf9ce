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
    /// One operation's line, without the line break.
    static func json(_ op: Operation, job: Int, jobId: String?, end: JobEnd, runId: String) -> String {
        var out = ByteBuffer(capacity: 512)
        append([op], job: job, jobId: jobId, end: end, runId: runId, to: &out)
        return String(decoding: out.array.dropLast(), as: UTF8.self)
    }

    /// Appends one line per operation of a job, each ended by a line break. The fields every line of the job
    /// shares (`run_id`, `job`, `job_id`, `job_end`) are spelled once and copied.
    static func append(_ operations: [Operation], job: Int, jobId: String?, end: JobEnd, runId: String, to out: inout ByteBuffer) {
        var shared = ByteBuffer(capacity: 128)
        shared.append("{\"run_id\":")
        shared.appendJSONQuoted(runId)
        shared.append(",\"job\":")
        shared.appendDecimal(job)
        shared.append(",\"job_id\":")
        shared.appendJSONQuoted(jobId)
        shared.append(",\"job_end\":")
        shared.appendJSONQuoted(end.rawValue)
        shared.append(",\"seq\":")
        let prefix = shared.array
        prefix.withUnsafeBufferPointer { prefix in
            for i in operations.indices {
                out.append(prefix)
                appendFields(operations[i], to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// Everything of an operation's line after `"seq":`, closing brace included.
    private static func appendFields(_ op: Operation, to out: inout ByteBuffer) {
        out.appendDecimal(op.seq)
        out.append(",\"f\":")
        out.appendJSONQuoted(op.kind.rawValue)
        out.append(",\"id_use\":")
        out.appendJSONQuoted(op.idUse.rawValue)
        out.append(",\"requested_id\":")
        out.appendJSONQuoted(op.requestedId)
        out.append(",\"key\":")
        out.appendJSONQuoted(op.idempotencyKey)
        out.append(",\"payload\":")
        out.appendDecimal(op.payload)
        out.append(",\"invoke_ns\":")
        out.appendDecimal(op.invoke.nanoseconds)
        out.append(",\"complete_ns\":")
        out.appendDecimal(op.complete.nanoseconds)
        out.append(",\"type\":")
        out.appendJSONQuoted(op.outcome.rawValue)
        out.append(",\"status\":")
        out.appendDecimal(op.httpStatus)
        out.append(",\"error\":")
        out.appendJSONQuoted(op.transportError)
        out.append(",\"body_hash\":\"")
        out.appendHex(op.bodyHash)
        out.append("\",\"error_body\":")
        if let body = op.errorBody { out.appendJSONSerialized(body) } else { out.append("null") }
        let o = op.observation
        out.append(",\"value\":{\"status\":")
        out.appendJSONQuoted(o?.status)
        out.append(",\"state\":")
        out.appendJSONQuoted(o?.state?.rawValue)
        out.append(",\"progress\":")
        out.appendJSONNumber(o?.progress)
        out.append(",\"cancel_requested_at\":")
        out.appendJSONQuoted(o?.cancelRequestedAt)
        out.append(",\"charged\":")
        out.appendJSONNumber(o?.charged)
        out.append(",\"refunded\":")
        out.appendJSONNumber(o?.refunded)
        out.append(",\"usage\":")
        out.appendJSONNumber(o?.usage)
        out.append(",\"returned_id\":")
        out.appendJSONQuoted(op.returnedId)
        out.append("}}")
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
