import LoadModel
import Reports

/// Everything a run keeps: each exchange and each ended job written to the results folder, judged by the
/// checker, and counted in the tally; the per-second latency log; the first messages of each invariant for
/// the JUnit file. A failed write is kept (the first one), and the run loop stops on it.
struct Recorder {
    let output: ResultsWriter
    let checker: Checker
    private(set) var tally = RunTally()
    private var intervals: IntervalLog
    /// The first violation messages of each invariant, for the JUnit file.
    private(set) var violationSamples: [Invariant: [String]] = [:]
    /// Each exchange's times and outcome, kept only when a nemesis runs, to judge its windows.
    var nemesisLog: NemesisLog?
    /// The nemesis's windows as judged at the end.
    private(set) var nemesis: NemesisSummary?
    /// What `/metrics` counts beyond the tally, kept only with `run --metrics-listen` (a few additions per
    /// exchange, which a run without the endpoint does not pay).
    var metrics: MetricsCounts?

    init(output: ResultsWriter, checker: Checker) throws(WriteFailure) {
        self.output = output
        self.checker = checker
        intervals = try IntervalLog(directory: output.directory)
    }

    /// The first output write that failed, if any.
    var failure: WriteFailure? { output.failure ?? intervals.failure }

    /// Records one answered exchange.
    mutating func record(_ record: ExchangeRecord, firstSubmit: Bool, submittedId: String?, excerpt: String) {
        output.write(record)
        tally.add(record)
        metrics?.record(record)
        tally.diagnostics.add(record, firstSubmit: firstSubmit, submittedId: submittedId, excerpt: excerpt)
        intervals.record(record.kind, latency: record.latency, at: record.completed)
        nemesisLog?.record(sent: record.sent, completed: record.completed, outcome: record.outcome)
    }

    /// An open-model start `lateness` ns after its intended time.
    mutating func recordStart(lateness: Int64) { tally.addStart(lateness: lateness) }

    mutating func recordDropped(_ n: Int) { tally.droppedStarts += n }

    /// Judges an ended job's history, writes it, its violations and its jobs.csv row, and counts it.
    mutating func finish(_ job: JobLedger.ActiveJob, ended: Int64) -> JobHistory {
        var history = job.history
        history.end = job.script.end
        let check = checker.check(history)
        let profile = checker.profile
        // A job removed by its cancel (the retention lets it go) ends with a "gone" answer instead of a
        // terminal read; unless a read saw it end, its final state is what the last answer about it said.
        let gone = history.operations.first { $0.kind == .status && profile.saysGone($0) }
        let reads = history.reads
        if let accepted = history.firstCancel(where: { $0.outcome == .ok }),
           let terminal = reads.first(where: { $0.observation?.state?.isTerminal == true && !$0.precedes(accepted) })
            ?? gone.flatMap({ accepted.precedes($0) ? $0 : nil }) {
            tally.cancelToTerminal.record((terminal.complete - accepted.complete).nanoseconds)
        }
        output.write(history: history)
        for v in check.violations { write(v) }
        var final = reads.last?.observation
        if gone != nil, final?.state?.isTerminal != true {
            final = history.operations.last(where: { $0.outcome == .ok && $0.idUse == .job && $0.kind != .submit && $0.observation?.status != nil })?.observation ?? final
        }
        let record = JobRecord(
            job: history.job, jobId: history.jobId ?? "", plan: job.script.plan,
            stateAtCancel: job.script.cancelSent ? (job.script.stateAtCancel?.rawValue ?? "unseen") : "",
            cancels: job.cancels, finalStatus: final?.status ?? "",
            finalState: final?.state.flatMap { $0.isTerminal ? $0.rawValue : nil } ?? "none",
            end: history.end, exchanges: job.exchanges, started: job.started, ended: ended,
            violations: check.violations.map(\.invariant))
        output.write(record)
        tally.add(record, verdicts: check.verdicts)
        return history
    }

    /// Records callback verdicts (invariant 11) and their violations.
    mutating func recordCallbacks(verdicts: [Verdict], violations: [Violation]) {
        guard !verdicts.isEmpty else { return }
        tally.add(invariant: .callbackExactlyOnce, verdicts: verdicts)
        for v in violations { write(v) }
        tally.violations += violations.count
    }

    /// Writes a violation and keeps a few messages per invariant for the JUnit file.
    private mutating func write(_ v: Violation) {
        output.write(v)
        metrics?.record(violation: v.invariant)
        if nemesisLog != nil, let last = v.evidence.map(\.complete.nanoseconds).max() { nemesisLog?.recordViolation(at: last) }
        if violationSamples[v.invariant, default: []].count < JUnitWriter.sampleLimit {
            violationSamples[v.invariant, default: []].append("job \(v.job) (\(v.jobId ?? "no id")): \(v.message)")
        }
    }

    /// Judges the nemesis's windows once the run is over: invariant 13 per window (a window the API did not
    /// recover from is a violation naming it), each window in history.jsonl, and nemesis.csv.
    mutating func recordNemesis(_ windows: [NemesisLog.Window], recoveryTimeout: Span) {
        guard let log = nemesisLog else { return }
        let summary = log.summarize(windows, recoveryTimeout: recoveryTimeout.nanoseconds)
        nemesis = summary
        var verdicts: [Verdict] = []
        for w in summary.windows {
            output.write(nemesisLine: w, runId: output.runId)
            switch w.recovery {
            case "pass": verdicts.append(.pass)
            case "fail":
                verdicts.append(.fail)
                let sent = w.after.exchanges
                let message = "window \(w.number) (\(w.fault)) closed at \(Self.seconds(w.endNs)); no definite answer within --recovery-timeout "
                    + "\(DurationText.exact(recoveryTimeout)) after it (\(sent) exchanges completed in that span, \(w.after.info) indeterminate)"
                    + (w.note.isEmpty ? "" : "; \(w.note)")
                output.write(runLevel: .recovery, message: message, runId: output.runId)
                if violationSamples[.recovery, default: []].count < JUnitWriter.sampleLimit {
                    violationSamples[.recovery, default: []].append(message)
                }
            default: verdicts.append(.unknown)
            }
        }
        tally.add(invariant: .recovery, verdicts: verdicts)
        let failed = verdicts.filter { $0 == .fail }.count
        tally.violations += failed
        metrics?.record(violation: .recovery, count: failed)
        output.writeNemesisCSV(summary.csv)
    }

    static func seconds(_ ns: Int64) -> String { String(format: "%.3f s", Double(ns) / 1e9) }

    /// Writes the last interval of latency.hlog, ending at `t`.
    mutating func finishIntervals(at t: Int64) { intervals.finish(at: t) }
}
