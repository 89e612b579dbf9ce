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
        var out: [UInt8] = []
        append([op], job: job, jobId: jobId, end: end, runId: runId, to: &out)
        out.removeLast()
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one line per operation of a job, each ended by a line break. The fields every line of the job
    /// shares (`run_id`, `job`, `job_id`, `job_end`) are spelled once and copied.
    static func append(_ operations: [Operation], job: Int, jobId: String?, end: JobEnd, runId: String, to out: inout [UInt8]) {
        var prefix: [UInt8] = []
        prefix.reserveCapacity(96)
        ByteText.append("{\"run_id\":", to: &prefix)
        JSONText.appendQuoted(runId, to: &prefix)
        ByteText.append(",\"job\":", to: &prefix)
        ByteText.appendDecimal(job, to: &prefix)
        ByteText.append(",\"job_id\":", to: &prefix)
        JSONText.appendQuoted(jobId, to: &prefix)
        ByteText.append(",\"job_end\":", to: &prefix)
        JSONText.appendQuoted(end.rawValue, to: &prefix)
        ByteText.append(",\"seq\":", to: &prefix)
        for i in operations.indices {
            out.append(contentsOf: prefix)
            appendFields(operations[i], to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Everything of an operation's line after `"seq":`, closing brace included.
    private static func appendFields(_ op: Operation, to out: inout [UInt8]) {
        ByteText.appendDecimal(op.seq, to: &out)
        ByteText.append(",\"f\":", to: &out)
        JSONText.appendQuoted(op.kind.rawValue, to: &out)
        ByteText.append(",\"id_use\":", to: &out)
        JSONText.appendQuoted(op.idUse.rawValue, to: &out)
        ByteText.append(",\"requested_id\":", to: &out)
        JSONText.appendQuoted(op.requestedId, to: &out)
        ByteText.append(",\"key\":", to: &out)
        JSONText.appendQuoted(op.idempotencyKey, to: &out)
        ByteText.append(",\"payload\":", to: &out)
        ByteText.appendDecimal(op.payload, to: &out)
        ByteText.append(",\"invoke_ns\":", to: &out)
        ByteText.appendDecimal(op.invoke.nanoseconds, to: &out)
        ByteText.append(",\"complete_ns\":", to: &out)
        ByteText.appendDecimal(op.complete.nanoseconds, to: &out)
        ByteText.append(",\"type\":", to: &out)
        JSONText.appendQuoted(op.outcome.rawValue, to: &out)
        ByteText.append(",\"status\":", to: &out)
        ByteText.appendDecimal(op.httpStatus, to: &out)
        ByteText.append(",\"error\":", to: &out)
        JSONText.appendQuoted(op.transportError, to: &out)
        ByteText.append(",\"body_hash\":\"", to: &out)
        ByteText.appendHex(op.bodyHash, to: &out)
        ByteText.append("\",\"error_body\":", to: &out)
        if let body = op.errorBody { JSONText.appendSerialized(body, to: &out) } else { JSONText.appendNull(to: &out) }
        let o = op.observation
        ByteText.append(",\"value\":{\"status\":", to: &out)
        JSONText.appendQuoted(o?.status, to: &out)
        ByteText.append(",\"state\":", to: &out)
        JSONText.appendQuoted(o?.state?.rawValue, to: &out)
        ByteText.append(",\"progress\":", to: &out)
        JSONText.appendNumber(o?.progress, to: &out)
        ByteText.append(",\"cancel_requested_at\":", to: &out)
        JSONText.appendQuoted(o?.cancelRequestedAt, to: &out)
        ByteText.append(",\"charged\":", to: &out)
        JSONText.appendNumber(o?.charged, to: &out)
        ByteText.append(",\"refunded\":", to: &out)
        JSONText.appendNumber(o?.refunded, to: &out)
        ByteText.append(",\"usage\":", to: &out)
        JSONText.appendNumber(o?.usage, to: &out)
        ByteText.append(",\"returned_id\":", to: &out)
        JSONText.appendQuoted(op.returnedId, to: &out)
        ByteText.append("}}", to: &out)
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
