import LoadModel
import Reports
import Transport

/// A job's way through the loop: start, wake-ups, requests out, answers in, and the end.
extension RunLoop {
    /// Starts the next job. Jobs are keyed by a run-unique slot; records carry the plan's job number, which is
    /// the same except in a replay that repeats one job's plan.
    func startJob(_ slot: Int, intended: Int64) {
        let planIndex = plan.planIndex(slot: slot)
        var script = JobScript(plan: planner.plan(planIndex), settings: plan.settings, rules: scriptRules)
        let intents = script.begin(now: Instant(nanoseconds: intended))
        ledger.add(JobLedger.ActiveJob(script: script, history: JobHistory(job: planIndex), started: intended), slot: slot)
        send(intents, slot: slot)
    }

    func wake(_ slot: Int, _ t: Int64) {
        let woken = ledger.modify(slot) { job -> [RequestIntent]? in
            guard let due = job.script.nextWake, due.nanoseconds <= t else { return nil }
            return job.script.wake(now: Instant(nanoseconds: t))
        }
        guard let intents = woken ?? nil else { return }
        send(intents, slot: slot)
        finishIfEnded(slot)
    }

    func send(_ intents: [RequestIntent], slot: Int) {
        guard let jobId = ledger.read(slot, { $0.history.jobId }) else { return }
        var cancels = 0
        for intent in intents {
            let seq = ledger.nextSeq()
            let id = factory.requestedId(intent.idUse, kind: intent.kind, jobId: jobId, job: slot, seq: seq)
            let built = factory.make(intent, job: slot, id: id, seq: seq)
            ledger.expect(JobLedger.Pending(slot: slot, intent: intent, requestedId: id, request: built.line,
                                          method: built.method, path: built.path, key: built.key), seq: seq)
            if built.unsafe {
                synthetic.append(ClientResponse.notSent(tag: seq, at: MonotonicClock.nanoseconds()))
                continue
            }
            if intent.kind == .cancel, intent.idUse == .job { cancels += 1 }
            client.start(built.request)
        }
        if cancels > 0 { ledger.modify(slot) { $0.cancels += cancels } }
        ledger.scheduleWake(slot)
    }

    func handle(_ r: ClientResponse) {
        guard let p = ledger.answer(r.tag) else { return }
        answered += 1
        if let e = r.error, firstErrors.count < 64 { firstErrors.append(e.rawValue) }
        var (op, submittedId) = reader.read(r, kind: p.intent.kind, idUse: p.intent.idUse, requestedId: p.requestedId,
                                            request: p.request, seq: r.tag, origin: origin)
        op.idempotencyKey = p.key
        op.payload = p.intent.payload
        let next = ledger.modify(p.slot) { job -> [RequestIntent] in
            let firstSubmit = p.intent.kind == .submit && job.history.jobId == nil
            if firstSubmit { job.history.jobId = submittedId }
            var record = exchangeRecord(r, p, op, job: job.script.plan, jobId: job.history.jobId ?? "")
            record.deliberateTimeout = p.intent.timeout != nil
            recorder.record(record, firstSubmit: firstSubmit, submittedId: submittedId, excerpt: op.excerpt)
            var intents = job.script.completed(p.intent.kind, idUse: p.intent.idUse, outcome: op.outcome, observation: op.observation,
                                               submittedId: submittedId, gone: judgedProfile.answersNoSuchJob(op), undelivered: r.error == .connect && r.sends == 0,
                                               now: op.complete,
                                               estimates: learner.estimates)
            // Appended last, so the operation moves into the history instead of being copied.
            job.history.operations.append(op)
            job.exchanges += 1
            if r.error == .unsafe {
                // The job's id cannot be sent safely: give it up, sending nothing more for it.
                job.script.abandon(as: .unsendable)
                intents = []
            }
            return intents
        }
        guard let intents = next else { return }
        send(intents, slot: p.slot)
        finishIfEnded(p.slot)
    }

    private func exchangeRecord(_ r: ClientResponse, _ p: JobLedger.Pending, _ op: Operation, job plan: JobPlan, jobId: String) -> ExchangeRecord {
        ExchangeRecord(
            seq: r.tag, job: plan.index, jobId: jobId, kind: p.intent.kind, idUse: p.intent.idUse, cancelPoint: plan.point,
            method: p.method, path: p.path,
            intended: min(p.intent.intended.nanoseconds, r.startedAt - origin), started: r.startedAt - origin,
            sent: r.sentAt - origin, completed: r.completedAt - origin, httpStatus: r.status, outcome: op.outcome,
            transportError: r.error?.rawValue ?? (r.resent ? "resent" : ""), bytesOut: r.bytesSent, bytesIn: r.bytesReceived,
            newConnections: r.newConnections, apiStatus: op.observation?.status ?? "",
            state: op.observation?.state?.rawValue ?? "")
    }

    private func finishIfEnded(_ slot: Int) {
        guard ledger.read(slot, { $0.script.end != .active }) == true else { return }
        finish(slot)
        if let next = scheduler.replaceEnded() { startJob(next, intended: now()) }
    }

    /// Ends a job: what its script learned of the lifecycle, its judgement and records, its callbacks.
    func finish(_ slot: Int) {
        guard let job = ledger.remove(slot) else { return }
        let learned = job.script.learned
        learner.add(queue: learned.queue, run: learned.run, life: learned.life)
        let history = recorder.finish(job, ended: now())
        if let callbacks, history.end == .terminal, let id = history.jobId, let finalRead = history.reads.last {
            callbackLedger.expect(job: history.job, jobId: id, finalRead: finalRead, received: callbacks.take(id))
            let (verdicts, violations) = callbackLedger.drain()
            recorder.recordCallbacks(verdicts: verdicts, violations: violations)
        }
    }
}
