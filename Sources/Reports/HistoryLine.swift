import LoadModel

/// One line of history.jsonl: an operation in Jepsen's form — what was invoked, when, and how it completed.
///
/// Fields: `run_id`, `job`, `job_id`, `seq`, `f` (submit, status, cancel), `id_use`, `key` (Idempotency-Key
/// or null), `payload`, `invoke_ns`, `complete_ns`, `type` (ok, fail, info), `status` (HTTP, 0 for none),
/// `error` (transport category or null), and `value`: what the answer said about the job (`status`, `state`,
/// `progress`, `cancel_requested_at`, `charged`, `refunded`, `usage`, `returned_id`), absent fields null.
enum HistoryLine {
    static func json(_ op: Operation, job: Int, jobId: String?, runId: String) -> String {
        func q(_ s: String?) -> String { s.map(JSONText.quote) ?? "null" }
        func n(_ d: Double?) -> String { d.map { JSONText.number($0) } ?? "null" }
        let o = op.observation
        let value = "{\"status\":\(q(o?.status)),\"state\":\(q(o?.state?.rawValue)),\"progress\":\(n(o?.progress)),"
            + "\"cancel_requested_at\":\(q(o?.cancelRequestedAt)),\"charged\":\(n(o?.charged)),\"refunded\":\(n(o?.refunded)),"
            + "\"usage\":\(n(o?.usage)),\"returned_id\":\(q(op.returnedId))}"
        return "{\"run_id\":\(q(runId)),\"job\":\(job),\"job_id\":\(q(jobId)),\"seq\":\(op.seq),\"f\":\(q(op.kind.rawValue)),"
            + "\"id_use\":\(q(op.idUse.rawValue)),\"key\":\(q(op.idempotencyKey)),\"payload\":\(op.payload),"
            + "\"invoke_ns\":\(op.invoke.nanoseconds),\"complete_ns\":\(op.complete.nanoseconds),\"type\":\(q(op.outcome.rawValue)),"
            + "\"status\":\(op.httpStatus),\"error\":\(q(op.transportError)),\"value\":\(value)}"
    }
}
