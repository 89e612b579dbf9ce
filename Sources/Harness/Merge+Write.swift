import Foundation
import LoadModel
import Reports

/// The merged folder: records concatenated with a shard column on one clock, the summed tally, and the
/// verdict and gate judged on the whole.
extension Merge {
    func write(parts: [Part], global: RunPlan, missing: [Shard]) throws -> RunOutcome {
        var whole = global
        whole.runId = "merged-" + RunID.make()
        whole.outputs = .init(directory: plan.out, junitPath: plan.junitPath, markdownPath: plan.markdownPath)
        whole.gate = plan.gate
        var starts: [Int64] = []
        for p in parts {
            guard let s = p.summary.startedAtUnixNs else {
                throw UsageError("\(p.directory): its summary.json has no started_at_unix_ns (a run of an older version), so its times cannot be put on one clock")
            }
            starts.append(s)
        }
        let origin = starts.min() ?? 0
        var tally = RunTally()
        for p in parts { tally.merge(p.tally) }
        // The whole ran from the first shard's start to the last shard's end.
        let elapsed = zip(parts, starts).map { Double($1 - origin) / 1e9 + $0.summary.elapsedSeconds }.max() ?? 0
        let stop = Self.stop(parts, missing: missing)
        var samples: [Invariant: [String]] = [:]
        do {
            try OutputFile.makeDirectory(plan.out)
            try OutputFile.write(whole.encoded(), to: plan.out + "/plan.json", atomic: true)
            try OutputFile.write(whole.profileBytes, to: plan.out + "/profile.json", atomic: true)
            samples = try concatenate(parts, offsets: starts.map { $0 - origin })
            try OutputFile.write(tally.fileBytes(), to: plan.out + "/tally.json", atomic: true)
            try ResultsWriter.writePercentiles(tally, directory: plan.out)
        } catch {
            throw RunFailure(code: .couldNotRun, message: "--out: \(error)")
        }
        let coverage = RunEngine.coverage(whole)
        let evaluation = plan.gate.thresholds.isEmpty ? nil
            : ThresholdEvaluation(thresholds: plan.gate.thresholds, tally: tally, elapsedSeconds: elapsed)
        var verdict = RunVerdict.judge(stop: stop, tally: tally, coverage: coverage)
        var header = Summary.Header(runId: whole.runId, profile: whole.profile.name, target: whole.targetName, model: whole.model,
                                    jobsRequested: whole.jobCount, seed: whole.seed, cancelMix: whole.mix.description,
                                    connections: parts.map(\.plan.connections).reduce(0, +), elapsedSeconds: elapsed,
                                    stopReason: stop == nil ? Self.shardStops(parts) : verdict.reason,
                                    command: "cancelbench merge " + parts.map(\.directory).joined(separator: " ") + " --out \(plan.out)")
        header.startedAtUnixNs = origin
        let shards = "merged from \(parts.count) of \(global.shard.count == 1 ? parts.first!.plan.shard.count : global.shard.count) shards: " + parts.map { "\($0.plan.shard) \($0.directory)" }.joined(separator: ", ")
        func summary() -> Summary {
            var s = Summary(header: header, tally: tally, invariants: Checker.implemented, exitCode: verdict.code.rawValue,
                            verdictLine: verdict.line, coverage: verdict.coverageSummary(tally, coverage),
                            judged: coverage.line(tally, invariants: Checker.implemented.count), notes: verdict.notes,
                            thresholds: evaluation?.summaries)
            s.notes.insert(shards, at: 0)
            return s
        }
        let baseline = try plan.gate.baseline.map { try Summary.read(resultsDirectory: $0) }
        let comparison = baseline.map {
            Comparison(baseline: $0, current: summary(), metrics: plan.gate.baselineMetrics, maxRegression: plan.gate.maxRegression)
        }
        verdict.gate(evaluation, comparison)
        let written = summary()
        do {
            try OutputFile.write(written.encoded(), to: plan.out + "/summary.json", atomic: true)
            if let path = plan.junitPath {
                let xml = JUnitWriter.xml(invariants: Checker.implemented, tally: tally, violationMessages: samples, thresholds: evaluation,
                                          elapsedSeconds: elapsed, timestamp: ISO8601DateFormatter().string(from: Date()))
                try OutputFile.write(xml, to: path)
            }
            if let path = plan.markdownPath { try OutputFile.write(written.markdown(resultsDirectory: plan.out), to: path) }
            try HTMLReport.write(resultsDirectory: plan.out)
        } catch {
            throw RunFailure(code: .couldNotRun, message: "--out: \(error)")
        }
        var text = written.text(resultsDirectory: plan.out)
        if let evaluation { text += "\n\n" + evaluation.text }
        if let comparison, let dir = plan.gate.baseline { text += "\n\nagainst the baseline \(dir):\n" + comparison.table }
        let error = verdict.code == .couldNotRun ? "Error: \(verdict.reason ?? verdict.line)" : nil
        return RunOutcome(code: verdict.code, summary: written, stop: stop, report: text, error: error)
    }

    /// The whole run's stop: a missing shard (with `--partial`), or a shard that was interrupted or could not go
    /// on. Either way the merged run judged less than the plan, and can never pass.
    static func stop(_ parts: [Part], missing: [Shard]) -> RunStop? {
        if !missing.isEmpty {
            return .aborted("partial merge: shard\(missing.count > 1 ? "s" : "") \(missing.map(\.description).joined(separator: ", ")) missing")
        }
        for p in parts {
            // The merge itself was not interrupted: the whole is indeterminate (exit 3), naming the shard.
            if p.summary.exitCode == ExitCode.interrupted.rawValue {
                return .aborted("shard \(p.plan.shard) (\(p.directory)) was interrupted after \(p.summary.jobs) of its \(p.summary.jobsRequested) jobs")
            }
            if p.summary.exitCode == ExitCode.couldNotRun.rawValue, let reason = p.summary.stopReason {
                return .aborted("shard \(p.plan.shard) (\(p.directory)) stopped early: \(reason)")
            }
            // A shard that started fewer of its jobs than it owns, with no stop to say why (a shard given no
            // concurrency, one that started nothing), judged less than its part of the plan.
            if p.summary.stopReason == nil, p.summary.jobs + p.summary.droppedStarts < p.summary.jobsRequested {
                return .aborted("shard \(p.plan.shard) (\(p.directory)) played \(p.summary.jobs) of its \(p.summary.jobsRequested) jobs")
            }
            if p.summary.verdictLine.contains("an output could not be written") {
                return .aborted("shard \(p.plan.shard) (\(p.directory)) lost evidence: an output could not be written")
            }
        }
        return nil
    }

    /// The shards' own stop reasons (`--duration` reached, say), when the whole did not stop early.
    static func shardStops(_ parts: [Part]) -> String? {
        let reasons = parts.compactMap { p in p.summary.stopReason.map { "shard \(p.plan.shard): \($0)" } }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}
