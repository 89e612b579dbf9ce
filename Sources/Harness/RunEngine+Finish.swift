import Foundation
import LoadModel
import Reports

/// The end of a run: the verdict, the gate (thresholds, baseline), the summary, and every output written.
extension RunEngine {
    func finish(_ recorder: Recorder, stop: RunStop?, elapsed: Double, clock: RunClock, coverage: Coverage, baseline: Summary?,
                output: ResultsWriter) -> RunOutcome {
        let tally = recorder.tally
        let evaluation = plan.gate.thresholds.isEmpty ? nil
            : ThresholdEvaluation(thresholds: plan.gate.thresholds, tally: tally, elapsedSeconds: elapsed)
        var verdict = RunVerdict.judge(stop: stop, tally: tally, coverage: coverage, lostToFaults: recorder.nemesis?.infoInFaultSpans ?? 0)
        if let chaos = plan.chaos, !chaos.faults.isEmpty { verdict.requireJudgedWindow(recorder.nemesis, interval: chaos.interval) }
        // Why the run stopped early, if it did (a run that judged too little did not stop early: it says so in
        // its verdict and in summary.json's coverage).
        var stopReason = stop == nil ? nil : verdict.reason
        if stopReason == nil, let d = plan.duration, tally.jobs < plan.jobCount {
            stopReason = "--duration \(DurationText.exact(d)) reached after \(tally.jobs) of \(plan.jobCount) jobs"
        }
        var header = Summary.Header(runId: plan.runId, profile: plan.profile.name, target: plan.targetName, model: plan.model,
                                    jobsRequested: plan.jobCount, seed: plan.seed, cancelMix: plan.mix.description,
                                    connections: plan.connections, elapsedSeconds: elapsed, stopReason: stopReason,
                                    command: "cancelbench replay \(plan.outputs.directory)")
        header.startedAtUnixNs = clock.startedAtUnixNs
        header.shard = plan.shard.isWhole ? nil : plan.shard.description
        header.startLateNs = clock.lateNs
        func summary() -> Summary {
            var s = Summary(header: header, tally: tally, invariants: Checker.implemented, exitCode: verdict.code.rawValue,
                            verdictLine: verdict.line, coverage: verdict.coverageSummary(tally, coverage),
                            judged: coverage.line(tally, invariants: Checker.implemented.count), notes: verdict.notes,
                            thresholds: evaluation?.summaries)
            s.nemesis = recorder.nemesis
            s.transport = plan.clientName
            return s
        }
        let comparison = baseline.map {
            Comparison(baseline: $0, current: summary(), metrics: plan.gate.baselineMetrics, maxRegression: plan.gate.maxRegression)
        }
        verdict.gate(evaluation, comparison)
        // Every output is part of the verdict's promise: the first one that cannot be written ends the run with
        // exit 3, naming the file, whatever was judged. The others are still attempted (summary.json may still
        // fit, with its exit code 3); the first failure is the one named.
        let failedBefore = recorder.failure
        if let failure = failedBefore { incomplete(&verdict, failure, tally) }
        var written = summary()
        if let failure = writeOutputs(recorder, output, written, evaluation: evaluation, elapsed: elapsed, stop: stop), failedBefore == nil {
            incomplete(&verdict, failure, tally)
            written = summary()
            // summary.json may have been written with the verdict it had before the failure: say it truly.
            try? output.write(written)
            if let path = plan.outputs.markdownPath { try? writeMarkdown(written, to: path, redactor: output.redactor) }
        }
        let redactor = output.redactor
        var text = redactor.redact(written.text(resultsDirectory: plan.outputs.directory))
        if let evaluation { text += "\n\n" + redactor.redact(evaluation.text) }
        if let comparison, let dir = plan.gate.baseline { text += "\n\nagainst the baseline \(dir):\n" + comparison.table }
        let error = verdict.code == .couldNotRun ? redactor.redact("Error: \(verdict.reason ?? verdict.line)") : nil
        return RunOutcome(code: verdict.code, summary: written, stop: stop, report: text, error: error)
    }

    /// A write failed: the results are incomplete, so the run has no verdict.
    private func incomplete(_ verdict: inout RunVerdict, _ failure: WriteFailure, _ tally: RunTally) {
        verdict.line = "verdict: COULD NOT RUN: an output could not be written → exit 3"
        verdict.code = .couldNotRun
        let found = tally.violations > 0 ? " (\(tally.violations) violations were found before it; see the files that were written)" : ""
        verdict.reason = "\(failure)\(found); the results are incomplete, so the run has no verdict"
    }

    /// The Markdown summary, redacted like every output.
    private func writeMarkdown(_ summary: Summary, to path: String, redactor: Redactor) throws(WriteFailure) {
        try OutputFile.write(summary.markdown(resultsDirectory: plan.outputs.directory), to: path, redactor: redactor)
    }

    /// Writes the percentile files, summary.json, the JUnit file, the Markdown summary and report.html; the first
    /// failure, if any.
    private func writeOutputs(_ recorder: Recorder, _ output: ResultsWriter, _ summary: Summary, evaluation: ThresholdEvaluation?,
                              elapsed: Double, stop: RunStop?) -> WriteFailure? {
        let dir = plan.outputs.directory
        // Each write is attempted whatever failed before it: the first failure is the one named.
        var first: WriteFailure?
        func attempt(_ write: () throws(WriteFailure) -> Void) {
            do { try write() } catch { first = first ?? error }
        }
        attempt { () throws(WriteFailure) in try output.closeStreams() }
        attempt { () throws(WriteFailure) in try output.writePercentiles(recorder.tally) }
        attempt { () throws(WriteFailure) in try output.writeFile(recorder.tally.fileBytes(), name: "tally.json") }
        attempt { () throws(WriteFailure) in try output.write(summary) }
        if let path = plan.outputs.junitPath {
            let xml = JUnitWriter.xml(invariants: Checker.implemented, tally: recorder.tally, violationMessages: recorder.violationSamples,
                                      thresholds: evaluation, elapsedSeconds: elapsed, timestamp: ISO8601DateFormatter().string(from: Date()))
            attempt { () throws(WriteFailure) in try OutputFile.write(xml, to: path, redactor: output.redactor) }
        }
        if let path = plan.outputs.markdownPath {
            attempt { () throws(WriteFailure) in try writeMarkdown(summary, to: path, redactor: output.redactor) }
        }
        if let first { return first }
        // Read back from the files just written, exactly as `cancelbench report` does. After Ctrl-C a long run's
        // report could take many seconds to build (about 15 s per GB of requests.csv): it is left to
        // `cancelbench report`, which builds the same page from the same files, so Ctrl-C stays prompt.
        if stop == .interrupted, let size = try? FileManager.default.attributesOfItem(atPath: dir + "/requests.csv")[.size] as? Int,
           size > Self.reportOnInterruptLimit {
            observer.note("cancelbench: report.html not built after Ctrl-C (requests.csv is \(size >> 20) MB); build it with: cancelbench report \(dir)")
            return nil
        }
        do { try HTMLReport.write(resultsDirectory: dir) } catch let e as WriteFailure {
            return e
        } catch {
            return WriteFailure(path: dir + "/report.html", reason: "\(error)")
        }
        return nil
    }
}
