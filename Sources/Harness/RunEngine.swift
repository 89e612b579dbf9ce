import Foundation
import LoadModel
import Reports
import Transport

/// One run from plan to outcome: checks made before anything is sent, the results folder (plan.json and
/// profile.json first), the embedded target if the plan has one, the run loop, then the verdict, the gate and
/// every output. The command line builds the plan and prints the outcome; tests call this directly.
public struct RunEngine: Sendable {
    public let plan: RunPlan
    public let credentials: Credentials
    public var observer: RunObserver
    /// Raised to stop the run (Ctrl-C routes here when the caller installs its handlers).
    public let stopSignal: StopSignal
    /// Whether to route SIGINT and SIGTERM to `stopSignal` while the loop runs (the real process, not tests).
    public var handleSignals = false
    /// `--metrics-listen`: the endpoint the run publishes its metrics to while it goes; the engine publishes a
    /// final snapshot once the run is over, keeps serving until every output is written and `metricsLinger`
    /// has passed, then stops it.
    public var metrics: MetricsEndpoint?
    /// `--metrics-linger`: how long `/metrics` stays up after the outputs are written, so a scraper gets the
    /// final values.
    public var metricsLinger: Span = .zero

    public init(plan: RunPlan, credentials: Credentials, observer: RunObserver = .silent, stopSignal: StopSignal = StopSignal()) {
        self.plan = plan
        self.credentials = credentials
        self.observer = observer
        self.stopSignal = stopSignal
    }

    /// Beyond this size of requests.csv (bytes), an interrupted run leaves report.html to `cancelbench report`.
    static let reportOnInterruptLimit = 64 << 20

    /// Plays the plan. Throws only when the run cannot start (`UsageError`, `RunFailure`, `DataError`); a run
    /// that started always ends in an outcome, whose files are written.
    public func run() throws -> RunOutcome {
        defer { metrics?.stop() }
        let baseline = try plan.gate.baseline.map { dir in try baselineSummary(dir) }
        try Preflight.check(plan)
        let redactor = Redactor(secrets: credentials.secrets(plan))
        let output: ResultsWriter
        do {
            output = try ResultsWriter(directory: plan.outputs.directory, runId: plan.runId, redactor: redactor)
            // The folder describes itself before anything is sent: replay and check read these, never argv.
            try output.writeFile(plan.encoded(), name: "plan.json")
            try output.writeFile(plan.profileBytes, name: "profile.json")
        } catch {
            throw RunFailure(code: .couldNotRun, message: "--out: \(error)")
        }
        try Preflight.checkOutputs(plan)
        var embedded: EmbeddedTarget?
        if plan.target == nil, let e = plan.embedded { embedded = try EmbeddedTarget(config: e.config) }
        defer { embedded?.stop() }
        guard let baseURL = plan.target?.url ?? embedded?.url else {
            throw RunFailure(code: .usage, message: "the plan has neither a target nor an embedded target")
        }
        var rig: ChaosRig?
        if let chaos = plan.chaos {
            rig = try ChaosRig(chaos, seed: plan.seed, upstream: baseURL, readyURL: plan.target?.display ?? baseURL,
                               logPath: plan.outputs.directory + "/target.log")
        }
        defer { rig?.stop() }
        let targetName = plan.target?.display ?? "embedded reference target (\(baseURL))"
        observer.note("cancelbench: \(plan.jobCount) \(plan.profile.name) jobs against \(targetName), seed \(plan.seed); results in \(plan.outputs.directory)/")
        let coverage = Self.coverage(plan)
        var recorder: Recorder
        do { recorder = try Recorder(output: output, checker: Checker(profile: plan.judgedProfile, cancelDeadline: plan.settings.cancelDeadline)) } catch {
            throw RunFailure(code: .couldNotRun, message: "--out: \(error)")
        }
        if let rig, let chaos = plan.chaos {
            let started = rig.target.map { t in "target started by --target-cmd (pid \(t.pid.map(String.init) ?? "?"), log \(plan.outputs.directory)/target.log)" }
            if chaos.faults.isEmpty {
                if let started { observer.note("cancelbench: " + started) }
            } else {
                recorder.nemesisLog = NemesisLog()
                let through = rig.proxy.map { " through the fault proxy on 127.0.0.1:\($0.port)" } ?? ""
                observer.note("cancelbench: nemesis \(chaos.faults.map(\.description).joined(separator: ", ")) every ~\(DurationText.exact(chaos.interval)) for ~\(DurationText.exact(chaos.duration))\(through)"
                    + (started.map { "; " + $0 } ?? ""))
            }
        }
        if metrics != nil { recorder.metrics = MetricsCounts() }
        let loop = try RunLoop(plan: plan, credentials: credentials, baseURL: rig?.url ?? baseURL, recorder: recorder, coverage: coverage,
                               stopSignal: stopSignal, observer: observer)
        if let rig {
            loop.onStart = { origin in rig.nemesis.start(origin: origin) }
            loop.onStop = { rig.nemesis.stop() }
        }
        if let metrics {
            loop.metrics = metrics
            loop.publishMetrics(0, force: true)
            observer.note("cancelbench: metrics on \(metrics.url)")
        }
        let waker = loop.waker
        stopSignal.setWake { waker.wake() }
        if handleSignals { stopSignal.install() }
        var clock = RunClock()
        if let at = plan.startAt { clock.lateNs = waitUntil(unixNanoseconds: at) }
        clock.startedAtUnixNs = RunClock.unixNanoseconds()
        let started = MonotonicClock.nanoseconds()
        let stop = stopSignal.isRaised ? .interrupted : loop.run()
        if handleSignals { stopSignal.uninstall() }
        if let rig, let chaos = plan.chaos, !chaos.faults.isEmpty {
            rig.nemesis.stop()
            loop.recorder.recordNemesis(rig.nemesis.windows, recoveryTimeout: chaos.recoveryTimeout)
        }
        let elapsed = Double(MonotonicClock.nanoseconds() - started) / 1e9
        // The final values, equal to summary.json's, are served until the outputs are written (and the linger).
        loop.publishMetrics(loop.now(), force: true)
        let outcome = finish(loop.recorder, stop: stop, elapsed: elapsed, clock: clock, coverage: coverage, baseline: baseline, output: output)
        if metrics != nil, metricsLinger > .zero { lingerForScrapes() }
        return outcome
    }

    /// Keeps `/metrics` up for `metricsLinger` after the outputs are written, waking early for Ctrl-C.
    func lingerForScrapes() {
        let end = MonotonicClock.nanoseconds() + metricsLinger.nanoseconds
        sleepUntilStopped { end - MonotonicClock.nanoseconds() }
    }

    /// Waits until a Unix time (`--start-at`), waking for Ctrl-C; how late the wait ended, nanoseconds.
    func waitUntil(unixNanoseconds at: Int64) -> Int64 {
        let wait = at - RunClock.unixNanoseconds()
        if wait > 0 { observer.note("cancelbench: waiting \(String(format: "%.1f", Double(wait) / 1e9)) s for --start-at") }
        sleepUntilStopped { at - RunClock.unixNanoseconds() }
        return max(0, RunClock.unixNanoseconds() - at)
    }

    /// Sleeps while `left()` (nanoseconds) is positive, in steps of at most 50 ms, so Ctrl-C ends it at once.
    func sleepUntilStopped(_ left: () -> Int64) {
        while !stopSignal.isRaised {
            let ns = left()
            if ns <= 0 { break }
            usleep(useconds_t(min(ns / 1000, 50_000)))
        }
    }

    /// What a verdict needs, with the profile's paths and the limits the messages name.
    static func coverage(_ plan: RunPlan) -> Coverage {
        Coverage(minTerminal: plan.judging.minTerminal, minInvariants: plan.judging.minInvariants,
                 context: .init(submitIdPath: plan.profile.submitId.description,
                                statusPath: ProbeHints.rooted(plan.profile.fields.status),
                                jobTimeout: "--job-timeout \(DurationText.exact(plan.settings.timeout))",
                                fileLimit: Preflight.fileLimit()))
    }

    /// The baseline's summary, refused (usage error) when its plan differs from this run's.
    func baselineSummary(_ dir: String) throws -> Summary {
        let summary = try Summary.read(resultsDirectory: dir)
        if let why = Comparison.mismatch(.init(summary), .init(profile: plan.profile.name, model: plan.model)) {
            throw UsageError("--baseline \(dir): the runs are not comparable: \(why)")
        }
        return summary
    }
}
