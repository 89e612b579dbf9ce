import LoadModel
import Reports
import Transport

/// Plays a run on one thread: starts jobs when the arrival scheduler says, turns each job script's intents
/// into HTTP exchanges on the libcurl loop, feeds the answers back, and hands every ended job to the recorder.
/// Its parts each do one job: `ArrivalScheduler` (when jobs start), `JobLedger` (who waits for what),
/// `Recorder` (what is kept and judged), `LifecycleLearner` (what cancel points aim at).
final class RunLoop {
    let plan: RunPlan
    let client: any HTTPClient
    let factory: RequestFactory
    let reader: ResponseReader
    let planner: Planner
    /// The profile's rules every job script plays by (retention, probes).
    let scriptRules: JobScript.Rules
    /// The profile as judged (`RunPlan.judgedProfile`): its retention says which answers mean "no such job".
    let judgedProfile: Profile
    let stopSignal: StopSignal
    let observer: RunObserver
    let callbacks: CallbackReceiver?
    /// What the run must judge; its reasons word an early abort when every submit is refused.
    let coverage: Coverage
    /// The target's URL as messages may show it (no user info).
    let displayURL: String

    var scheduler: ArrivalScheduler
    var ledger = JobLedger()
    var recorder: Recorder
    var learner = LifecycleLearner()
    var callbackLedger = CallbackLedger()
    var stop: RunStop?
    var origin: Int64 = 0
    /// Exchanges answered (or failed) so far.
    var answered = 0
    /// Answers made up for requests the loop would not send (unsafe), handled on the next turn.
    var synthetic: [ClientResponse] = []
    /// The first transport errors, to say why a target is unreachable.
    var firstErrors: [String] = []
    /// Called once with the run clock's zero (monotonic ns) as the loop starts: the nemesis keeps the same clock.
    var onStart: ((Int64) -> Void)?
    /// Called once when the run stops early, before the jobs in flight are drained: the nemesis lifts its window
    /// then, so the drain does not wait on a paused or partitioned target.
    var onStop: (() -> Void)?
    /// `run --metrics-listen`: where the loop publishes its snapshot, at most every 100 ms.
    var metrics: MetricsEndpoint?
    /// When the loop last published to `metrics` (run clock, ns).
    var lastMetricsPublish: Int64 = 0
    private var lastGateCheck: Int64 = 0
    private var lastProgress: Int64 = 0

    init(plan: RunPlan, credentials: Credentials, baseURL: String, recorder: Recorder, coverage: Coverage,
         stopSignal: StopSignal, observer: RunObserver) throws {
        self.plan = plan
        self.recorder = recorder
        self.coverage = coverage
        self.stopSignal = stopSignal
        self.observer = observer
        displayURL = plan.target?.display ?? baseURL
        client = try plan.transport.makeClient(for: baseURL, maxConnections: plan.connections,
                                               timeoutMilliseconds: Int(plan.requestTimeout.nanoseconds / 1_000_000), maxBodyBytes: plan.maxBody)
        callbacks = try plan.profile.callback.map { try CallbackReceiver(profile: plan.profile, callback: $0) }
        factory = RequestFactory(profile: plan.profile, baseURL: baseURL, runId: plan.runId, token: credentials.token,
                                 unpaidToken: credentials.unpaidToken, callbackURL: callbacks?.url ?? "")
        reader = ResponseReader(profile: plan.profile, redactor: recorder.output.redactor)
        planner = Planner(seed: plan.seed, mix: plan.mix, duplicates: plan.duplicates)
        judgedProfile = plan.judgedProfile
        scriptRules = JobScript.Rules(profile: judgedProfile)
        scheduler = ArrivalScheduler(model: plan.model, total: plan.onlyJobs?.count ?? plan.jobs, seed: plan.seed,
                                     shard: plan.onlyJobs == nil ? plan.shard : .whole)
    }

    deinit { callbacks?.stop() }

    var waker: ClientWaker { client.waker }

    func now() -> Int64 { MonotonicClock.nanoseconds() - origin }

    /// Runs until every job has ended, the run is stopped, or it cannot go on; nil when every job ended.
    func run() -> RunStop? {
        origin = MonotonicClock.nanoseconds()
        onStart?(origin)
        for slot in scheduler.initialStarts() { startJob(slot, intended: 0) }
        while true {
            if stopSignal.isRaised { stop = .interrupted; break }
            let t = now()
            if scheduler.submitting, let d = plan.duration, t >= d.nanoseconds {
                recorder.recordDropped(scheduler.stop(droppingUntil: d.nanoseconds))
            }
            for start in scheduler.due(at: t, inFlight: ledger.count) {
                recorder.recordStart(lateness: t - start.intended)
                startJob(start.slot, intended: start.intended)
            }
            while let slot = ledger.popDue(Instant(nanoseconds: t)) { wake(slot, t) }
            if ledger.isEmpty, !(scheduler.hasMore && scheduler.isScheduled) { break }
            client.poll(timeoutMilliseconds: synthetic.isEmpty ? pollWait(t) : 0) { handle($0) }
            handleSynthetic()
            if let failure = recorder.failure { stop = .aborted(failure.description); break }
            if let reason = abortReason() { stop = .aborted(reason); break }
            if let failed = gateFailure(t) { stop = .thresholdFailed(failed); break }
            progress(t, finished: false)
            publishMetrics(t)
        }
        if stop != nil {
            onStop?()
            drain()
        }
        settleCallbacks()
        recorder.finishIntervals(at: now())
        progress(now(), finished: true)
        return stop
    }

    /// Milliseconds the loop may sleep: until the next wake-up or arrival, at most 50 ms.
    private func pollWait(_ t: Int64) -> Int {
        var next = t + 50_000_000
        if let e = ledger.earliestWake { next = min(next, e.nanoseconds) }
        if let a = scheduler.nextDue { next = min(next, a) }
        return max(0, Int((next - t + 999_999) / 1_000_000))
    }

    /// With `--abort-on-fail`, once a second: the threshold that can no longer pass, if any.
    private func gateFailure(_ t: Int64) -> String? {
        guard plan.gate.abortOnFail, t - lastGateCheck >= 1_000_000_000 else { return nil }
        lastGateCheck = t
        let evaluation = ThresholdEvaluation(thresholds: plan.gate.thresholds, tally: recorder.tally, elapsedSeconds: Double(t) / 1e9)
        return evaluation.finalFailure.map { "threshold '\($0.threshold.expression)' can no longer pass (observed \($0.observedText))" }
    }

    /// Tells the observer where the run is, at most four times a second (and once at the end).
    private func progress(_ t: Int64, finished: Bool) {
        guard finished || t - lastProgress >= 250_000_000 else { return }
        lastProgress = t
        let tally = recorder.tally
        observer.progress(RunProgress(elapsed: t, done: tally.jobs, total: plan.jobCount, inFlight: ledger.count,
                                      violations: tally.violations, finished: finished))
    }

    /// A reason to stop now: nothing reaches the target, or every submit is refused.
    func abortReason() -> String? {
        let tally = recorder.tally
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
