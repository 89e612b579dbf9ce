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
        /// The wake-up already on the timer heap, so an unchanged one is not pushed again.
        var scheduledWake: Instant?
    }

    struct Pending {
        var job: Int
        var intent: RequestIntent
        var requestedId: String
        var request: String
        var key: String?
    }

    /// Why the loop stopped early.
    enum Stop: Equatable {
        case interrupted
        case aborted(String)
        /// `--abort-on-fail`: a threshold can no longer pass.
        case thresholdFailed(String)
    }

    let config: RunConfiguration
    let client: CurlClient
    let factory: RequestFactory
    let reader: ResponseReader
    let checker: Checker
    let planner: Planner
    let output: ResultsWriter
    let console: Console
    let interrupt: StopSignal
    let callbacks: CallbackReceiver?
    /// What the run must judge; its reasons word an early abort when every submit is refused.
    let coverage: Coverage
    /// The target's URL as messages may show it (no user info).
    let displayURL: String
    var tally = RunTally()
    var stop: Stop?

    var jobs: [Int: ActiveJob] = [:]
    var pending: [Int: Pending] = [:]
    var timers = TimerQueue<Int>()
    var estimators = (queue: DurationEstimator(initial: .milliseconds(30)), run: DurationEstimator(initial: .milliseconds(100)),
                      life: DurationEstimator(initial: .milliseconds(130)))
    var ledger = CallbackLedger()
    var nextJob = 0
    var seq = 0
    var submitting = true
    var origin: Int64 = 0
    var schedule: ArrivalSchedule?
    var nextArrival: Int64 = 0
    var answered = 0
    /// Answers the driver made up for requests it would not send (unsafe), handled on the next loop turn.
    var synthetic: [ClientResponse] = []
    // Plain stored properties, not lazy: mutating a lazy struct property goes through get and set, which copied
    // the interval histograms on every exchange.
    var progressLine: ProgressLine
    var intervals: IntervalLog
    /// The first transport errors, to say why a target is unreachable.
    var firstErrors: [String] = []
    /// The first violation messages of each invariant, for the JUnit file.
    var violationSamples: [Invariant: [String]] = [:]
    var lastGateCheck: Int64 = 0
    /// The output write that failed and stopped the run, if one did.
    var writeFailure: WriteFailure?

    init(config: RunConfiguration, baseURL: String, displayURL: String, output: ResultsWriter, console: Console,
         interrupt: StopSignal, redactor: Redactor, coverage: Coverage) throws {
        self.config = config
        self.coverage = coverage
        self.displayURL = displayURL
        client = try CurlClient(maxConnections: config.connections,
                                timeoutMilliseconds: Int(config.requestTimeout.nanoseconds / 1_000_000), maxBodyBytes: config.maxBody)
        callbacks = try config.profile.callback.map { try CallbackReceiver(profile: config.profile, callback: $0) }
        factory = RequestFactory(profile: config.profile, baseURL: baseURL, runId: config.runId, token: config.token,
                                 unpaidToken: config.unpaidToken, callbackURL: callbacks?.url ?? "")
        reader = ResponseReader(profile: config.profile, redactor: redactor)
        checker = Checker(profile: config.profile, cancelDeadline: config.settings.cancelDeadline)
        planner = Planner(seed: config.seed, mix: config.mix, duplicates: config.duplicates)
        self.output = output
        self.console = console
        self.interrupt = interrupt
        progressLine = ProgressLine(console: console, total: config.jobCount)
        intervals = try IntervalLog(directory: config.outputDirectory)
    }

    deinit { callbacks?.stop() }

    var waker: CurlClient.Waker { client.waker }

    func now() -> Int64 { MonotonicClock.nanoseconds() - origin }

    var estimates: LifecycleEstimates {
        LifecycleEstimates(queue: estimators.queue.estimate, run: estimators.run.estimate, life: estimators.life.estimate)
    }

    /// Runs until every job has ended, the run is interrupted, or it cannot go on.
    func run() {
        origin = MonotonicClock.nanoseconds()
        switch config.model {
        case .closed(let concurrency):
            for _ in 0..<min(concurrency, config.jobCount) { startJob(intended: 0) }
        case .open(let rate, let arrival, _):
            var s = ArrivalSchedule(rate: rate, process: arrival, seed: config.seed)
            nextArrival = s.nextStart().nanoseconds
            schedule = s
        }
        while true {
            if interrupt.isRaised { stop = .interrupted; break }
            let t = now()
            if submitting, let d = config.duration, t >= d.nanoseconds {
                submitting = false
                countDroppedStarts(until: d.nanoseconds)
            }
            startArrivals(t)
            while let due = timers.popDue(Instant(nanoseconds: t)) { wake(due.payload, t) }
            if jobs.isEmpty, !(submitting && nextJob < config.jobCount && schedule != nil) { break }
            client.poll(timeoutMilliseconds: synthetic.isEmpty ? pollWait(t) : 0) { handle($0) }
            handleSynthetic()
            if let failure = output.failure ?? intervals.failure {
                writeFailure = failure
                stop = .aborted(failure.description)
                break
            }
            if let reason = abortReason() { stop = .aborted(reason); break }
            if let failed = gateFailure(t) { stop = .thresholdFailed(failed); break }
            progress(t)
        }
        if stop != nil { drain() }
        settleCallbacks()
        intervals.finish(at: now())
        progressLine.finish()
    }

    /// Milliseconds the loop may sleep: until the next timer or arrival, at most 50 ms.
    private func pollWait(_ t: Int64) -> Int {
        var next = t + 50_000_000
        if let e = timers.earliest { next = min(next, e.nanoseconds) }
        if schedule != nil, submitting, nextJob < config.jobCount { next = min(next, nextArrival) }
        return max(0, Int((next - t + 999_999) / 1_000_000))
    }

    private func startArrivals(_ t: Int64) {
        guard var s = schedule, case .open(_, _, let cap) = config.model else { return }
        while submitting, nextJob < config.jobCount, nextArrival <= t, jobs.count < cap {
            tally.addStart(lateness: t - nextArrival)
            startJob(intended: nextArrival)
            nextArrival = s.nextStart().nanoseconds
        }
        schedule = s
    }

    /// Open model: the scheduled starts up to `end` that never happened.
    private func countDroppedStarts(until end: Int64) {
        guard var s = schedule else { return }
        var at = nextArrival, n = nextJob
        while at <= end, n < config.jobCount {
            tally.droppedStarts += 1
            n += 1
            at = s.nextStart().nanoseconds
        }
        schedule = s
    }

    /// With `--abort-on-fail`, once a second: the threshold that can no longer pass, if any.
    private func gateFailure(_ t: Int64) -> String? {
        guard config.gate.abortOnFail, t - lastGateCheck >= 1_000_000_000 else { return nil }
        lastGateCheck = t
        let evaluation = ThresholdEvaluation(thresholds: config.gate.thresholds, tally: tally, elapsedSeconds: Double(t) / 1e9)
        return evaluation.finalFailure.map { "threshold '\($0.threshold.expression)' can no longer pass (observed \($0.observedText))" }
    }

    /// Writes a violation and keeps a few messages per invariant for the JUnit file.
    func write(_ v: Violation) {
        output.write(v)
        if violationSamples[v.invariant, default: []].count < JUnitWriter.sampleLimit {
            violationSamples[v.invariant, default: []].append("job \(v.job) (\(v.jobId ?? "no id")): \(v.message)")
        }
    }

    func progress(_ t: Int64) {
        progressLine.update(t: t, done: tally.jobs, inFlight: jobs.count, violations: tally.violations)
    }
}
