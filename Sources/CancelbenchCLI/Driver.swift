import LoadModel
import Reports
import Transport

/// Plays a run on one thread: starts jobs on the load model's schedule, turns each job script's intents into
/// HTTP exchanges on the libcurl loop, feeds answers back, and hands every finished job to the checker.
final class Driver {
    struct ActiveJob {
        var script: JobScript
        var history: JobHistory
        var started: Int64
        var exchanges = 0
        var cancels = 0
    }

    struct Pending {
        var job: Int
        var kind: OperationKind
        var idUse: IdUse
        var requestedId: String
        var request: String
        var intended: Int64
    }

    /// Why the loop stopped early.
    enum Stop: Equatable {
        case interrupted
        case aborted(String)
    }

    let config: RunConfiguration
    let client: CurlClient
    let factory: RequestFactory
    let reader: ResponseReader
    let checker: Checker
    let planner: Planner
    let output: ResultsWriter
    let console: Console
    private(set) var tally = RunTally()
    private(set) var stop: Stop?
    let interrupt: StopSignal

    private var jobs: [Int: ActiveJob] = [:]
    private var pending: [Int: Pending] = [:]
    private var timers = TimerQueue<Int>()
    private var estimator = DurationEstimator()
    private var nextJob = 0
    private var seq = 0
    private var submitting = true
    private var origin: Int64 = 0
    private var schedule: ArrivalSchedule?
    private var nextArrival: Int64 = 0
    private var submitsOK = 0
    private var submitsRefused: [Int: Int] = [:]
    private var answered = 0
    private var lastProgress: Int64 = 0
    /// The first transport errors, to say why a target is unreachable.
    private var lastErrors: [(Int, String)] = []

    init(config: RunConfiguration, baseURL: String, output: ResultsWriter, console: Console, interrupt: StopSignal) throws {
        self.config = config
        client = try CurlClient(maxConnections: config.connections,
                                timeoutMilliseconds: Int(config.requestTimeout.nanoseconds / 1_000_000))
        factory = RequestFactory(profile: config.profile, baseURL: baseURL, runId: config.runId, token: config.token)
        reader = ResponseReader(profile: config.profile)
        checker = Checker(profile: config.profile)
        planner = Planner(seed: config.seed, mix: config.mix, duplicates: config.duplicates)
        self.output = output
        self.console = console
        self.interrupt = interrupt
    }

    var waker: CurlClient.Waker { client.waker }

    private func now() -> Int64 { MonotonicClock.nanoseconds() - origin }

    /// Runs until every job has ended, the run is interrupted, or it cannot go on.
    func run() {
        origin = MonotonicClock.nanoseconds()
        lastProgress = 0
        switch config.model {
        case .closed(let concurrency):
            for _ in 0..<min(concurrency, config.jobs) { startJob(intended: 0) }
        case .open(let rate, let arrival, _):
            var s = ArrivalSchedule(rate: rate, process: arrival, seed: config.seed)
            nextArrival = s.nextStart().nanoseconds
            schedule = s
        }
        while true {
            if interrupt.isRaised { stop = .interrupted; break }
            let t = now()
            if submitting, let d = config.duration, t >= d.nanoseconds { submitting = false }
            startArrivals(t)
            while let due = timers.popDue(Instant(nanoseconds: t)) { wake(due.payload, t) }
            if jobs.isEmpty, !(submitting && nextJob < config.jobs && schedule != nil) { break }
            client.poll(timeoutMilliseconds: pollWait(t)) { handle($0) }
            if let reason = abortReason() { stop = .aborted(reason); break }
            progress(t)
        }
        if stop != nil { drain() }
        tally.connectionsOpened = client.connectionsOpened
    }

    /// Milliseconds the loop may sleep: until the next timer or arrival, at most 50 ms.
    private func pollWait(_ t: Int64) -> Int {
        var next = t + 50_000_000
        if let e = timers.earliest { next = min(next, e.nanoseconds) }
        if schedule != nil, submitting, nextJob < config.jobs { next = min(next, nextArrival) }
        return max(0, Int((next - t + 999_999) / 1_000_000))
    }

    private func startArrivals(_ t: Int64) {
        guard var s = schedule, case .open(_, _, let cap) = config.model else { return }
        while submitting, nextJob < config.jobs, nextArrival <= t, jobs.count < cap {
            startJob(intended: nextArrival)
            nextArrival = s.nextStart().nanoseconds
        }
        schedule = s
    }

    private func startJob(intended: Int64) {
        guard submitting, nextJob < config.jobs else { return }
        let index = nextJob
        nextJob += 1
        var script = JobScript(plan: planner.plan(index), pollInterval: config.pollInterval, timeout: config.jobTimeout)
        let intents = script.begin(now: Instant(nanoseconds: intended))
        jobs[index] = ActiveJob(script: script, history: JobHistory(job: index), started: intended)
        send(intents, job: index)
    }

    private func wake(_ index: Int, _ t: Int64) {
        guard var job = jobs[index], let due = job.script.nextWake, due.nanoseconds <= t else { return }
        let intents = job.script.wake(now: Instant(nanoseconds: t))
        jobs[index] = job
        send(intents, job: index)
        finishIfEnded(index)
    }

    private func send(_ intents: [RequestIntent], job index: Int) {
        guard var job = jobs[index] else { return }
        for intent in intents {
            seq += 1
            let id = factory.requestedId(intent.idUse, jobId: job.history.jobId, seq: seq)
            let (request, line) = factory.make(intent, job: index, id: id, seq: seq)
            pending[seq] = Pending(job: index, kind: intent.kind, idUse: intent.idUse, requestedId: id, request: line,
                                   intended: intent.intended.nanoseconds)
            if intent.kind == .cancel, intent.idUse == .job { job.cancels += 1 }
            client.start(request)
        }
        if let w = job.script.nextWake { timers.push(w, index) }
        jobs[index] = job
    }

    private func handle(_ r: ClientResponse) {
        guard let p = pending.removeValue(forKey: r.tag) else { return }
        answered += 1
        if let e = r.error, lastErrors.count < 64 { lastErrors.append((r.tag, e.rawValue)) }
        let (op, submittedId) = reader.read(r, kind: p.kind, idUse: p.idUse, requestedId: p.requestedId,
                                            request: p.request, seq: r.tag, origin: origin)
        guard var job = jobs[p.job] else { return }
        if p.kind == .submit {
            if op.outcome == .ok, submittedId != nil { submitsOK += 1 } else { submitsRefused[r.status, default: 0] += 1 }
            job.history.jobId = submittedId
        }
        let record = exchangeRecord(r, p, op, jobId: job.history.jobId ?? "", point: job.script.plan.point)
        output.write(record)
        tally.add(record)
        job.history.operations.append(op)
        job.exchanges += 1
        let intents = job.script.completed(p.kind, idUse: p.idUse, outcome: op.outcome, observation: op.observation,
                                           submittedId: submittedId, now: op.complete, runEstimate: estimator.estimate)
        jobs[p.job] = job
        send(intents, job: p.job)
        finishIfEnded(p.job)
    }

    private func exchangeRecord(_ r: ClientResponse, _ p: Pending, _ op: Operation, jobId: String, point: CancelPoint) -> ExchangeRecord {
        let space = p.request.firstIndex(of: " ")!
        return ExchangeRecord(
            seq: r.tag, job: p.job, jobId: jobId, kind: p.kind, idUse: p.idUse, cancelPoint: point,
            method: String(p.request[..<space]), path: String(p.request[p.request.index(after: space)...]),
            intended: min(p.intended, r.startedAt - origin), started: r.startedAt - origin, sent: r.sentAt - origin,
            completed: r.completedAt - origin, httpStatus: r.status, outcome: op.outcome,
            transportError: r.error?.rawValue ?? "", bytesOut: r.bytesSent, bytesIn: r.bytesReceived,
            newConnections: r.newConnections, apiStatus: op.observation?.status ?? "",
            state: op.observation?.state?.rawValue ?? "")
    }

    private func finishIfEnded(_ index: Int) {
        guard let job = jobs[index], job.script.end != .active else { return }
        finish(index, job)
        if case .closed = config.model { startJob(intended: now()) }
    }

    private func finish(_ index: Int, _ job: ActiveJob) {
        jobs[index] = nil
        if let learned = job.script.learnedRunTime { estimator.add(learned) }
        let check = checker.check(job.history)
        for v in check.violations { try? output.write(v) }
        let final = job.history.reads.last?.observation
        let record = JobRecord(
            job: index, jobId: job.history.jobId ?? "", plan: job.script.plan,
            stateAtCancel: job.script.cancelSent ? (job.script.stateAtCancel?.rawValue ?? "unseen") : "",
            cancels: job.cancels, finalStatus: final?.status ?? "",
            finalState: final?.state.flatMap { $0.isTerminal ? $0.rawValue : nil } ?? "none",
            end: job.script.end, exchanges: job.exchanges, started: job.started, ended: now(),
            violations: check.violations.map(\.invariant))
        output.write(record)
        tally.add(record, verdicts: check.verdicts)
    }

    /// After an interrupt or abort: stop starting work, give in-flight exchanges up to two seconds to answer,
    /// then record every job as it stands.
    private func drain() {
        submitting = false
        for index in jobs.keys { jobs[index]?.script.abandon() }
        let deadline = MonotonicClock.nanoseconds() + 2_000_000_000
        while !pending.isEmpty, MonotonicClock.nanoseconds() < deadline {
            client.poll(timeoutMilliseconds: 20) { handle($0) }
        }
        for (index, job) in jobs.sorted(by: { $0.key < $1.key }) { finish(index, job) }
    }

    /// A reason to stop now: nothing reaches the target, or every submit is refused.
    private func abortReason() -> String? {
        if answered >= 20, tally.exchanges == tally.operations.values.reduce(0, { $0 + $1.transportErrors }) {
            var kinds: [String: Int] = [:]
            for (_, p) in lastErrors { kinds[p, default: 0] += 1 }
            let detail = kinds.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            return "no HTTP answer in the first \(answered) exchanges (\(detail)); check that the target is running at \(factory.baseURL) and speaks HTTP/1.1"
        }
        let refused = submitsRefused.values.reduce(0, +)
        if submitsOK == 0, refused >= 20 {
            let ranked = submitsRefused.sorted { $0.value > $1.value }
            let codes = ranked.map { "\($0.key == 0 ? "no answer" : String($0.key)) ×\($0.value)" }
            let hints = [401: "401 means the token was refused: give --token or set CANCELBENCH_TOKEN",
                         402: "402 means the account has no subscription",
                         404: "404 means the profile's submit path does not exist on this target",
                         405: "405 means the profile's submit method is wrong for this target"]
            let hint = hints[ranked[0].key].map { "; \($0)" } ?? ""
            return "every submit was refused (\(codes.joined(separator: ", ")))\(hint)"
        }
        return nil
    }

    private func progress(_ t: Int64) {
        guard t - lastProgress >= 5_000_000_000 else { return }
        lastProgress = t
        console.note("[\(t / 1_000_000_000)s] \(tally.jobs)/\(config.jobs) jobs ended, \(jobs.count) in flight, \(tally.exchanges) exchanges, \(tally.violations) violations")
    }
}
