/// A target's store (`serve --store`) seen from the job and key stores: the changes they make turned into
/// records and appended, and the records of a replay turned back into jobs on this process's clock.
final class StoreLog: Sendable {
    let file: StoreFile
    /// Maps the target's monotonic instants to the Unix times the records hold, and back.
    let wallClock: WallClock

    init(file: StoreFile, wallClock: WallClock) {
        self.file = file
        self.wallClock = wallClock
    }

    /// Job `sequence` was just submitted (called under its shard lock, so its records stay in order).
    func created(_ sequence: UInt64, _ job: SimulatedJob) {
        var request: StoreRecord.Request?
        if job.request !== TaskRequest.empty {
            let r = job.request
            request = StoreRecord.Request(capability: r.capability, model: r.model,
                                          metadata: String(decoding: r.metadataJSON, as: UTF8.self),
                                          input: String(decoding: r.inputJSON, as: UTF8.self), callbackURL: r.callbackURL)
        }
        let plan = StoreRecord.Job(sequence: sequence, createdUnixNs: wallClock.unix(job.createdAt),
                                   startUnixNs: wallClock.unix(job.startAt), runNs: job.runTime, stopNs: job.stopDelay,
                                   outcome: job.changes.outcome, document: job.documentResults, request: request)
        file.append(StoreRecord.job(plan).line)
    }

    /// A request changed job `sequence` (called under its shard lock).
    func changed(_ sequence: UInt64, _ job: SimulatedJob) {
        let c = job.changes
        func unix(_ instant: Int64, unless sentinel: Int64) -> Int64? { instant == sentinel ? nil : wallClock.unix(instant) }
        let state = StoreRecord.State(sequence: sequence, endUnixNs: unix(c.endAt, unless: .max),
                                      cancelRequestedUnixNs: unix(c.cancelRequestedAt, unless: .min), outcome: c.outcome,
                                      extraRefunds: c.extraRefunds, revertMs: c.revertDelayMs,
                                      reportedEndUnixNs: unix(c.reportedEndAt, unless: .min),
                                      dismissedUnixNs: unix(c.dismissedAt, unless: .max))
        file.append(StoreRecord.state(state).line)
    }

    /// beatra stored the answer to a key (called under the key's shard lock).
    func stored(scope: String, key: String, _ stored: IdempotencyStore.Stored) {
        file.append(StoreRecord.key(StoreRecord.Key(scope: scope, key: key, fingerprint: stored.fingerprint,
                                                    status: stored.status, body: stored.body)).line)
    }

    /// Makes every change appended so far durable; false when the store has failed.
    func commit() -> Bool { file.commit() }

    /// The job a replayed plan and state describe, its instants moved onto this process's monotonic clock.
    func job(_ plan: StoreRecord.Job, _ state: StoreRecord.State?) -> SimulatedJob {
        var request = TaskRequest.empty
        if let r = plan.request {
            request = TaskRequest(capability: r.capability, model: r.model, metadataJSON: Array(r.metadata.utf8),
                                  inputJSON: Array(r.input.utf8), callbackURL: r.callbackURL)
        }
        var job = SimulatedJob(createdAt: wallClock.monotonic(plan.createdUnixNs),
                               startAt: wallClock.monotonic(plan.startUnixNs), runTime: plan.runNs,
                               stopDelay: plan.stopNs, outcome: plan.outcome, request: request,
                               documentResults: plan.document)
        if let state {
            func instant(_ unix: Int64?, else sentinel: Int64) -> Int64 { unix.map(wallClock.monotonic) ?? sentinel }
            job.restore(JobChanges(endAt: instant(state.endUnixNs, else: .max),
                                   cancelRequestedAt: instant(state.cancelRequestedUnixNs, else: .min),
                                   outcome: state.outcome, extraRefunds: state.extraRefunds,
                                   revertDelayMs: state.revertMs,
                                   reportedEndAt: instant(state.reportedEndUnixNs, else: .min),
                                   dismissedAt: instant(state.dismissedUnixNs, else: .max)))
        }
        return job
    }
}
