import LoadModel
import Reports
import Transport

/// A job's way through the driver: start, wake-ups, requests out, answers in, and the end.
extension Driver {
    /// Starts the next job. Jobs are keyed by a run-unique slot; records carry the plan's job number, which is
    /// the same except in a replay that repeats one job's plan.
    func startJob(intended: Int64) {
        guard submitting, nextJob < config.jobCount else { return }
        let slot = nextJob
        let planIndex = config.onlyJobs.map { $0[slot] } ?? slot
        nextJob += 1
        var script = JobScript(plan: planner.plan(planIndex), settings: config.settings)
        let intents = script.begin(now: Instant(nanoseconds: intended))
        jobs[slot] = ActiveJob(script: script, history: JobHistory(job: planIndex), started: intended)
        send(intents, job: slot)
    }

    func wake(_ index: Int, _ t: Int64) {
        guard var job = jobs[index], let due = job.script.nextWake, due.nanoseconds <= t else { return }
        job.scheduledWake = nil  // its heap entry was just popped
        let intents = job.script.wake(now: Instant(nanoseconds: t))
        jobs[index] = job
        send(intents, job: index)
        finishIfEnded(index)
    }

    func send(_ intents: [RequestIntent], job index: Int) {
        guard var job = jobs[index] else { return }
        for intent in intents {
            seq += 1
            let id = factory.requestedId(intent.idUse, jobId: job.history.jobId, seq: seq)
            let built = factory.make(intent, job: index, id: id, seq: seq)
            pending[seq] = Pending(job: index, intent: intent, requestedId: id, request: built.line, key: built.key)
            if built.unsafe {
                synthetic.append(ClientResponse.notSent(tag: seq, at: MonotonicClock.nanoseconds()))
                continue
            }
            if intent.kind == .cancel, intent.idUse == .job { job.cancels += 1 }
            client.start(built.request)
        }
        if let w = job.script.nextWake, w != job.scheduledWake {
            timers.push(w, index)
            job.scheduledWake = w
        }
        jobs[index] = job
    }

    func handle(_ r: ClientResponse) {
        guard let p = pending.removeValue(forKey: r.tag) else { return }
        answered += 1
        if let e = r.error, firstErrors.count < 64 { firstErrors.append(e.rawValue) }
        var (op, submittedId) = reader.read(r, kind: p.intent.kind, idUse: p.intent.idUse, requestedId: p.requestedId,
                                            request: p.request, seq: r.tag, origin: origin)
        op.idempotencyKey = p.key
        op.payload = p.intent.payload
        guard var job = jobs[p.job] else { return }
        let firstSubmit = p.intent.kind == .submit && job.history.jobId == nil
        if firstSubmit { job.history.jobId = submittedId }
        var record = exchangeRecord(r, p, op, job: job.script.plan, jobId: job.history.jobId ?? "")
        record.deliberateTimeout = p.intent.timeout != nil
        output.write(record)
        tally.add(record)
        tally.diagnostics.add(record, firstSubmit: firstSubmit, submittedId: submittedId, excerpt: op.excerpt)
        intervals.record(record.kind, latency: record.latency, at: record.completed)
        job.history.operations.append(op)
        job.exchanges += 1
        var intents = job.script.completed(p.intent.kind, idUse: p.intent.idUse, outcome: op.outcome, observation: op.observation,
                                           submittedId: submittedId, now: op.complete, estimates: estimates)
        if r.error == .unsafe {
            // The job's id cannot be sent safely: give it up, sending nothing more for it.
            job.script.abandon(as: .unsendable)
            intents = []
        }
        jobs[p.job] = job
        send(intents, job: p.job)
        finishIfEnded(p.job)
    }

    private func exchangeRecord(_ r: ClientResponse, _ p: Pending, _ op: Operation, job plan: JobPlan, jobId: String) -> ExchangeRecord {
        let space = p.request.firstIndex(of: " ")!
        return ExchangeRecord(
            seq: r.tag, job: plan.index, jobId: jobId, kind: p.intent.kind, idUse: p.intent.idUse, cancelPoint: plan.point,
            method: String(p.request[..<space]), path: String(p.request[p.request.index(after: space)...]),
            intended: min(p.intent.intended.nanoseconds, r.startedAt - origin), started: r.startedAt - origin,
            sent: r.sentAt - origin, completed: r.completedAt - origin, httpStatus: r.status, outcome: op.outcome,
            transportError: r.error?.rawValue ?? "", bytesOut: r.bytesSent, bytesIn: r.bytesReceived,
            newConnections: r.newConnections, apiStatus: op.observation?.status ?? "",
            state: op.observation?.state?.rawValue ?? "")
    }

    private func finishIfEnded(_ index: Int) {
        guard let job = jobs[index], job.script.end != .active else { return }
        finish(index, job)
        if case .closed = config.model { startJob(intended: now()) }
    }

    func finish(_ index: Int, _ job: ActiveJob) {
        jobs[index] = nil
        let learned = job.script.learned
        if let q = learned.queue { estimators.queue.add(q) }
        if let r = learned.run { estimators.run.add(r) }
        if let l = learned.life { estimators.life.add(l) }
        var history = job.history
        history.end = job.script.end
        let check = checker.check(history)
        if let accepted = history.cancels.first(where: { $0.outcome == .ok }),
           let terminal = history.reads.first(where: { $0.observation?.state?.isTerminal == true && !$0.precedes(accepted) }) {
            tally.cancelToTerminal.record((terminal.complete - accepted.complete).nanoseconds)
        }
        output.write(history: history)
        for v in check.violations { write(v) }
        let finalRead = history.reads.last
        let final = finalRead?.observation
        if let callbacks, history.end == .terminal, let id = history.jobId, let finalRead {
            ledger.expect(job: history.job, jobId: id, finalRead: finalRead, received: callbacks.take(id))
            recordCallbackVerdicts()
        }
        let record = JobRecord(
            job: history.job, jobId: history.jobId ?? "", plan: job.script.plan,
            stateAtCancel: job.script.cancelSent ? (job.script.stateAtCancel?.rawValue ?? "unseen") : "",
            cancels: job.cancels, finalStatus: final?.status ?? "",
            finalState: final?.state.flatMap { $0.isTerminal ? $0.rawValue : nil } ?? "none",
            end: history.end, exchanges: job.exchanges, started: job.started, ended: now(),
            violations: check.violations.map(\.invariant))
        output.write(record)
        tally.add(record, verdicts: check.verdicts)
    }

    /// Records callback verdicts judged so far.
    func recordCallbackVerdicts() {
        let (verdicts, violations) = ledger.drain()
        guard !verdicts.isEmpty else { return }
        tally.add(invariant: .callbackExactlyOnce, verdicts: verdicts)
        for v in violations { write(v) }
        tally.violations += violations.count
    }

    /// A reason to stop now: nothing reaches the target, or every submit is refused.
    func abortReason() -> String? {
        let unanswered = tally.operations.values.reduce(0) { $0 + $1.transportErrors }
        if answered >= 20, tally.exchanges == unanswered {
            var kinds: [String: Int] = [:]
            for e in firstErrors { kinds[e, default: 0] += 1 }
            let detail = kinds.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            let top = kinds.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            let hint = top == "connect" || top.isEmpty ? "check that the target is running at \(displayURL) and speaks HTTP/1.1" : RunDiagnostics.errorHints[top] ?? ""
            return "no usable answer in the first \(answered) exchanges (\(detail)); \(hint)"
        }
        let d = tally.diagnostics
        if d.submitsAccepted == 0, d.submitsWithoutId + d.submitsRefused.values.reduce(0, +) >= 20 {
            return coverage.shortfalls(tally).last
        }
        return nil
    }
}
