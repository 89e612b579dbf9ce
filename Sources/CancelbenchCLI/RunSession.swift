import Foundation
import LoadModel
import Reports
import Transport

/// One `run` from start to exit code: checks before anything is sent (output paths, file descriptors), the
/// embedded target if any, the results folder, the driver, then the verdict and the summary.
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
        try Preflight.check(config)
        let redactor = Redactor(secrets: config.secrets)
        let output: ResultsWriter
        do {
            output = try ResultsWriter(directory: config.outputDirectory, runId: config.runId, redactor: redactor)
        } catch {
            throw CommandFailure(code: .couldNotRun, message: "--out: \(error)")
        }
        try Preflight.checkOutputs(config)
        var embedded: EmbeddedTarget?
        if config.target == nil { embedded = try EmbeddedTarget(config: config.embedded) }
        defer { embedded?.stop() }
        let baseURL = config.target?.url ?? embedded!.url
        let targetName = config.target?.display ?? "embedded reference target (\(baseURL))"
        console.note("cancelbench: \(config.jobCount) \(config.profile.name) jobs against \(targetName), seed \(config.seed); results in \(config.outputDirectory)/")
        let coverage = Coverage(minTerminal: config.judging.minTerminal, minInvariants: config.judging.minInvariants,
                                context: .init(submitIdPath: "$." + config.profile.submitId.description,
                                               statusPath: "$." + config.profile.fields.status.description,
                                               jobTimeout: "--job-timeout \(DurationText.exact(config.settings.timeout))",
                                               fileLimit: Preflight.fileLimit()))
        let driver = try Driver(config: config, baseURL: baseURL, displayURL: config.target?.display ?? baseURL, output: output,
                                console: console, interrupt: stopSignal, redactor: redactor, coverage: coverage)
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
        var verdict = RunVerdict.judge(stop: driver.stop, tally: tally, coverage: coverage)
        // Why the run stopped early, if it did (a run that judged too little did not stop early: it says so in
        // its verdict and in summary.json's coverage).
        var stopReason = driver.stop == nil ? nil : verdict.reason
        if stopReason == nil, let d = config.duration, tally.jobs < config.jobCount {
            stopReason = "--duration \(ns(d.nanoseconds)) reached after \(tally.jobs) of \(config.jobCount) jobs"
        }
        var report = SummaryReport(run: description(elapsed: elapsed, stopReason: stopReason), tally: tally,
                                   invariants: Checker.implemented, exitCode: verdict.code.rawValue, verdictLine: verdict.line)
        report.judged = coverage.line(tally, invariants: Checker.implemented.count)
        report.notes = verdict.notes
        report.extra.append(("coverage", verdict.coverageJSON(tally, coverage)))
        var comparison: Comparison?
        if let baseline {
            let current = try JSONParser.parse(report.json)
            comparison = Comparison(baseline: baseline, current: current, metrics: config.gate.baselineMetrics,
                                    maxRegression: config.gate.maxRegression)
        }
        if verdict.code == .pass, let failed = evaluation?.failures, !failed.isEmpty {
            verdict.gate("verdict: GATE FAILED: \(failed.count) of \(evaluation!.results.count) thresholds failed → exit 2")
        }
        if verdict.code == .pass, let regressions = comparison?.regressions, !regressions.isEmpty {
            verdict.gate("verdict: GATE FAILED: \(regressions.count) regression(s) against the baseline → exit 2")
        }
        report.exitCode = verdict.code.rawValue
        report.verdictLine = verdict.line
        if let evaluation { report.extra.append(("thresholds", evaluation.json)) }
        // Every output is part of the verdict's promise: the first one that cannot be written ends the run with
        // exit 3, naming the file, whatever was judged.
        // Written even after a failed write stopped the run (summary.json may still fit, with its exit code 3);
        // the first failure is the one named.
        let written = writeOutputs(driver, output, report, tally: tally, evaluation: evaluation, samples: driver.violationSamples, elapsed: elapsed)
        let failure = driver.writeFailure ?? written
        if let failure {
            report.verdictLine = "verdict: COULD NOT RUN: an output could not be written → exit 3"
            verdict.code = .couldNotRun
            let found = tally.violations > 0 ? " (\(tally.violations) violations were found before it; see the files that were written)" : ""
            verdict.reason = "\(failure)\(found); the results are incomplete, so the run has no verdict"
        }
        var text = redactor.redact(report.text)
        if let evaluation { text += "\n\n" + evaluation.text }
        if let comparison { text += "\n\nagainst the baseline \(config.gate.baseline!):\n" + CompareCommand.table(comparison) }
        console.out(text)
        if verdict.code == .couldNotRun { console.error(redactor.redact("Error: \(verdict.reason ?? verdict.line)")) }
        return verdict.code
    }

    /// Beyond this size of requests.csv (bytes), an interrupted run leaves report.html to `cancelbench report`.
    static let reportOnInterruptLimit = 64 << 20

    /// Writes the percentile files, summary.json, the JUnit file and report.html; the first failure, if any.
    private func writeOutputs(_ driver: Driver, _ output: ResultsWriter, _ report: SummaryReport, tally: RunTally, evaluation: ThresholdEvaluation?,
                              samples: [Invariant: [String]], elapsed: Double) -> WriteFailure? {
        do {
            try output.closeStreams()
            try output.writePercentiles(tally)
            try output.writeSummary(report.json)
            if let path = config.gate.junitPath {
                let xml = JUnitWriter.xml(invariants: Checker.implemented, tally: tally, violationMessages: samples,
                                          thresholds: evaluation, elapsedSeconds: elapsed, timestamp: ISO8601DateFormatter().string(from: Date()))
                try OutputFile.write(xml, to: path, redactor: output.redactor)
            }
        } catch {
            return error
        }
        // Read back from the files just written, exactly as `cancelbench report` does. After Ctrl-C a long run's
        // report could take many seconds to build (about 15 s per GB of requests.csv): it is left to
        // `cancelbench report`, which builds the same page from the same files, so Ctrl-C stays prompt.
        if driver.stop == .interrupted, let size = try? FileManager.default.attributesOfItem(atPath: config.outputDirectory + "/requests.csv")[.size] as? Int,
           size > Self.reportOnInterruptLimit {
            console.note("cancelbench: report.html not built after Ctrl-C (requests.csv is \(size >> 20) MB); build it with: cancelbench report \(config.outputDirectory)")
            return nil
        }
        do { try HTMLReport.write(resultsDirectory: config.outputDirectory) } catch let e as WriteFailure {
            return e
        } catch {
            return WriteFailure(path: config.outputDirectory + "/report.html", reason: "\(error)")
        }
        return nil
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

    func description(elapsed: Double, stopReason: String?) -> RunDescription {
        var concurrency: Int?, rate: Double?, arrival: String?
        switch config.model {
        case .closed(let c): concurrency = c
        case .open(let r, let a, _): rate = r; arrival = a.rawValue
        }
        return RunDescription(
            runId: config.runId, profile: config.profile.name, target: config.target?.display ?? "embedded",
            model: concurrency != nil ? "closed" : "open", concurrency: concurrency, rate: rate, arrival: arrival,
            jobsRequested: config.jobCount, seed: config.seed, cancelMix: config.mix.description,
            connections: config.connections, outputDirectory: config.outputDirectory, elapsedSeconds: elapsed,
            stopReason: stopReason, arguments: config.arguments)
    }
}
