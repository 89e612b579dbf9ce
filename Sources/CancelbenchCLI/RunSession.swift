import Foundation
import LoadModel
import Reports
import Transport

/// One `run` from start to exit code: the embedded target if any, the results folder, the driver, the summary.
struct RunSession {
    let config: RunConfiguration
    let console: Console
    /// Raised by Ctrl-C; tests raise it by hand.
    var stopSignal = StopSignal()
    var installSignalHandlers = false

    init(config: RunConfiguration, console: Console) {
        self.config = config
        self.console = console
    }

    func execute() throws -> ExitCode {
        let baseline = try config.gate.baseline.map { dir in try baselineSummary(dir) }
        var embedded: EmbeddedTarget?
        if config.target == nil { embedded = try EmbeddedTarget(config: config.embedded) }
        defer { embedded?.stop() }
        let baseURL = config.target ?? embedded!.url
        let output: ResultsWriter
        do {
            output = try ResultsWriter(directory: config.outputDirectory, runId: config.runId)
        } catch {
            throw CommandFailure(code: .couldNotRun, message: "cannot write the results folder '\(config.outputDirectory)': \(error.localizedDescription)")
        }
        let targetName = config.target ?? "embedded reference target (\(baseURL))"
        console.note("cancelbench: \(config.jobCount) \(config.profile.name) jobs against \(targetName), seed \(config.seed); results in \(config.outputDirectory)/")
        let driver = try Driver(config: config, baseURL: baseURL, output: output, console: console, interrupt: stopSignal)
        let waker = driver.waker
        stopSignal.setWake { waker.wake() }
        if installSignalHandlers { stopSignal.install() }
        let started = MonotonicClock.nanoseconds()
        driver.run()
        if installSignalHandlers { stopSignal.uninstall() }
        let elapsed = Double(MonotonicClock.nanoseconds() - started) / 1e9
        let tally = driver.tally
        let evaluation = config.gate.thresholds.isEmpty ? nil
            : ThresholdEvaluation(thresholds: config.gate.thresholds, tally: tally, elapsedSeconds: elapsed)
        var (code, line, reason) = verdict(driver.stop, tally)
        if reason == nil, let d = config.duration, tally.jobs < config.jobCount {
            reason = "--duration \(ns(d.nanoseconds)) reached after \(tally.jobs) of \(config.jobCount) jobs"
        }
        var report = SummaryReport(run: description(elapsed: elapsed, stopReason: reason), tally: tally,
                                   invariants: Checker.implemented, exitCode: code.rawValue, verdictLine: line)
        var comparison: Comparison?
        if let baseline {
            let current = try JSONParser.parse(report.json)
            comparison = Comparison(baseline: baseline, current: current, metrics: config.gate.baselineMetrics,
                                    maxRegression: config.gate.maxRegression)
        }
        if code == .pass, let failed = evaluation?.failures, !failed.isEmpty {
            (code, line) = (.gateFailed, "verdict: GATE FAILED: \(failed.count) of \(evaluation!.results.count) thresholds failed → exit 2")
        }
        if code == .pass, let regressions = comparison?.regressions, !regressions.isEmpty {
            (code, line) = (.gateFailed, "verdict: GATE FAILED: \(regressions.count) regression(s) against the baseline → exit 2")
        }
        report.exitCode = code.rawValue
        report.verdictLine = line
        if let evaluation { report.extra.append(("thresholds", evaluation.json)) }
        do {
            try output.writePercentiles(tally)
            try output.finish(summaryJSON: report.json)
            if let path = config.gate.junitPath {
                let xml = JUnitWriter.xml(invariants: Checker.implemented, tally: tally, violationMessages: driver.violationSamples,
                                          thresholds: evaluation, elapsedSeconds: elapsed, timestamp: ISO8601DateFormatter().string(from: Date()))
                try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
            }
        } catch {
            throw CommandFailure(code: .couldNotRun, message: "cannot finish the results in '\(config.outputDirectory)': \(error.localizedDescription)")
        }
        // Read back from the files just written, exactly as `cancelbench report` does; a report problem never changes the verdict.
        do { try HTMLReport.write(resultsDirectory: config.outputDirectory) } catch { console.error("warning: report.html not written: \(error)") }
        var text = report.text
        if let evaluation { text += "\n\n" + evaluation.text }
        if let comparison { text += "\n\nagainst the baseline \(config.gate.baseline!):\n" + CompareCommand.table(comparison) }
        console.out(text)
        if code == .couldNotRun { console.error("Error: \(reason ?? line)") }
        return code
    }

    /// The baseline's summary.json, refused (usage error) when its plan differs from this run's.
    func baselineSummary(_ dir: String) throws -> JSONValue {
        let summary = try CompareCommand.summary(dir)
        var concurrency: JSONValue = .null, rate: JSONValue = .null, arrival: JSONValue = .null
        switch config.model {
        case .closed(let c): concurrency = .number(Double(c))
        case .open(let r, let a, _): rate = .number(r); arrival = .string(a.rawValue)
        }
        let mine = JSONValue.object([("profile", .string(config.profile.name)), ("model", .string(concurrency == .null ? "open" : "closed")),
                                     ("concurrency", concurrency), ("rate", rate), ("arrival", arrival)])
        if let why = Comparison.mismatch(summary, mine) {
            throw UsageError("--baseline \(dir): the runs are not comparable: \(why)")
        }
        return summary
    }

    /// The exit code, the verdict line, and why the run stopped early (if it did).
    func verdict(_ stop: Driver.Stop?, _ tally: RunTally) -> (ExitCode, String, String?) {
        let transportErrors = tally.operations.values.reduce(0) { $0 + $1.transportErrors }
        switch stop {
        case .interrupted:
            return (.interrupted, "verdict: INTERRUPTED after \(tally.jobs) jobs (\(tally.violations) violations so far) → exit 130", "interrupted")
        case .aborted(let why):
            return (.couldNotRun, "verdict: COULD NOT RUN → exit 3", why)
        case .thresholdFailed(let why) where tally.violations == 0:
            return (.gateFailed, "verdict: GATE FAILED: \(why) → exit 2", "--abort-on-fail: \(why)")
        case .thresholdFailed(let why):
            return (.violation, "verdict: FAIL: \(tally.violations) violations (see violations.jsonl) → exit 1", "--abort-on-fail: \(why)")
        case nil:
            break
        }
        if tally.exchanges > 0, Double(transportErrors) / Double(tally.exchanges) > 0.5 {
            let why = "\(transportErrors) of \(tally.exchanges) exchanges got no HTTP answer"
            return (.couldNotRun, "verdict: COULD NOT RUN: \(why) → exit 3", "\(why); the target is overloaded or unreachable")
        }
        if tally.violations > 0 {
            return (.violation, "verdict: FAIL: \(tally.violations) violations (see violations.jsonl) → exit 1", nil)
        }
        return (.pass, "verdict: PASS: 0 violations → exit 0", nil)
    }

    func description(elapsed: Double, stopReason: String?) -> RunDescription {
        var concurrency: Int?, rate: Double?, arrival: String?
        switch config.model {
        case .closed(let c): concurrency = c
        case .open(let r, let a, _): rate = r; arrival = a.rawValue
        }
        return RunDescription(
            runId: config.runId, profile: config.profile.name, target: config.target ?? "embedded",
            model: concurrency != nil ? "closed" : "open", concurrency: concurrency, rate: rate, arrival: arrival,
            jobsRequested: config.jobCount, seed: config.seed, cancelMix: config.mix.description,
            connections: config.connections, outputDirectory: config.outputDirectory, elapsedSeconds: elapsed,
            stopReason: stopReason, arguments: config.arguments)
    }
}
