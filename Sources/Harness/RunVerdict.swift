import LoadModel
import Reports

/// A run's verdict: its exit code and verdict line, why it stopped early, and the notes shown before the
/// verdict. It merges as DESIGN.md says: a violation is a violation whatever else happened, and a run that
/// judged too little is indeterminate (exit 3), never a pass.
struct RunVerdict {
    var code: ExitCode
    var line: String
    /// Why the run stopped early or has no verdict, for the summary's `stop_reason` and the error line.
    var reason: String?
    /// Lines printed before the verdict line.
    var notes: [String] = []
    /// Why the run judged too little (Coverage), most telling first.
    var shortfalls: [String] = []

    /// Judges a finished run.
    /// `lostToFaults`: exchanges the nemesis's faults took (no answer inside a window or its recovery span);
    /// they do not count toward "the harness could not reach the target".
    static func judge(stop: RunStop?, tally: RunTally, coverage: Coverage, lostToFaults: Int = 0) -> RunVerdict {
        let shortfalls = coverage.shortfalls(tally)
        var v: RunVerdict
        switch stop {
        case .interrupted:
            v = RunVerdict(code: .interrupted, line: "verdict: INTERRUPTED after \(tally.jobs) jobs (\(tally.violations) violations so far) → exit 130", reason: "interrupted")
        case .aborted(let why):
            v = RunVerdict(code: .couldNotRun, line: "verdict: COULD NOT RUN: \(why) → exit 3", reason: why)
        case .thresholdFailed(let why) where tally.violations == 0:
            v = RunVerdict(code: .gateFailed, line: "verdict: GATE FAILED: \(why) → exit 2", reason: "--abort-on-fail: \(why)")
        case .thresholdFailed(let why):
            v = RunVerdict(code: .violation, line: "verdict: FAIL: \(tally.violations) violations (see violations.jsonl) → exit 1", reason: "--abort-on-fail: \(why)")
        case nil:
            v = finished(tally, shortfalls: shortfalls, lostToFaults: lostToFaults)
        }
        v.shortfalls = shortfalls
        switch v.code {
        case .violation:
            v.notes = shortfalls.map { "judged too little to be sure the profile fits this target: " + $0 }
        case .couldNotRun where stop == nil && v.reason == shortfalls.first:
            v.notes = shortfalls.dropFirst().map { "also: " + $0 }
        default:
            break
        }
        if let cut = tally.diagnostics.harnessErrors["body-too-large"] {
            v.notes.append("\(cut) answers were longer than --max-body and were not read (error body-too-large); they were not judged")
        }
        return v
    }

    private static func finished(_ tally: RunTally, shortfalls: [String], lostToFaults: Int) -> RunVerdict {
        let unanswered = tally.operations.values.reduce(0) { $0 + $1.transportErrors }
        let lost = min(lostToFaults, unanswered)
        // A target that did not recover from a fault window explains the unanswered exchanges: that is the
        // finding (invariant 13), not the harness failing to run.
        let unrecovered = (tally.invariants[.recovery]?.fail ?? 0) > 0
        if tally.exchanges > lost, Double(unanswered - lost) / Double(tally.exchanges - lost) > 0.5, !unrecovered {
            let errors = tally.diagnostics.errors
            let top = errors.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            let why = "\(unanswered) of \(tally.exchanges) exchanges got no usable answer (\(RunDiagnostics.kinds(errors))): "
                + (RunDiagnostics.errorHints[top] ?? "the target is overloaded or unreachable")
            return RunVerdict(code: .couldNotRun, line: "verdict: COULD NOT RUN: \(unanswered) of \(tally.exchanges) exchanges got no usable answer → exit 3", reason: why)
        }
        if tally.violations > 0 {
            return RunVerdict(code: .violation, line: "verdict: FAIL: \(tally.violations) violations (see violations.jsonl) → exit 1")
        }
        if let first = shortfalls.first {
            return RunVerdict(code: .couldNotRun, line: "verdict: INDETERMINATE: \(first) → exit 3", reason: first)
        }
        return RunVerdict(code: .pass, line: "verdict: PASS: 0 violations → exit 0")
    }

    /// A gate (threshold or baseline) failed a run that otherwise passed.
    mutating func gate(_ line: String) {
        code = .gateFailed
        self.line = line
    }

    /// Applies the CI gate to a run that otherwise passed: failed thresholds, then regressions against the
    /// baseline, each exit 2. A run, and a merged run, are gated alike.
    mutating func gate(_ evaluation: ThresholdEvaluation?, _ comparison: Comparison?) {
        if code == .pass, let failed = evaluation?.failures, !failed.isEmpty {
            gate("verdict: GATE FAILED: \(failed.count) of \(evaluation!.results.count) thresholds failed → exit 2")
        }
        if code == .pass, let regressions = comparison?.regressions, !regressions.isEmpty {
            gate("verdict: GATE FAILED: \(regressions.count) regression(s) against the baseline → exit 2")
        }
    }

    /// summary.json's `coverage`: what was judged against the minimums, and why it was too little.
    func coverageSummary(_ t: RunTally, _ c: Coverage) -> Summary.CoverageSummary {
        Summary.CoverageSummary(jobsAccepted: Coverage.accepted(t), jobsTerminal: t.jobsByEnd[.terminal] ?? 0, minTerminal: c.minTerminal,
                                invariantsExercised: Coverage.exercised(t), minInvariants: c.minInvariants,
                                errors: t.diagnostics.errors, shortfalls: shortfalls)
    }

    /// A run with a nemesis promises that the faults were put on and the target judged after them: with no
    /// window judged for recovery, a PASS would claim chaos that never happened, so it is indeterminate.
    mutating func requireJudgedWindow(_ nemesis: NemesisSummary?, interval: Span) {
        guard code == .pass, let nemesis, !nemesis.windows.contains(where: { $0.recovery != "unknown" }) else { return }
        let why = nemesis.windows.isEmpty
            ? "the nemesis opened no fault window before the run ended (a window opens about every \(DurationText.exact(interval))); run longer or lower --nemesis-interval"
            : "no fault window closed while requests were still being sent, so recovery (invariant 13) was never judged; lower --nemesis-duration or run longer"
        code = .couldNotRun
        line = "verdict: INDETERMINATE: \(why) → exit 3"
        reason = why
        shortfalls.append(why)
    }
}
