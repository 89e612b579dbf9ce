import Foundation
import LoadModel
import Reports
import Transport

/// `cancelbench check`: judges a recorded history.jsonl again, offline, with this build's checker.
struct CheckCommand: Command {
    static let name = "check"
    static let usage = "check RESULTS_DIR"
    static let abstract = "Check a results folder's history.jsonl again, offline, and say how fast the checker ran."
    static let discussion = """
    Reads the profile and the cancel deadline from the folder's summary.json (the run's arguments), streams
    history.jsonl job by job through the checker, and prints each invariant's verdict, the violations found, and
    the checker's speed in operations per second (reading and parsing included). Useful to judge an old run
    with a newer checker, or a history another tool recorded in the same format.
    Like a run, a check that judged too little (no job in the history, jobs never read to their end) is
    indeterminate, exit 3, with the reason.
    Exit codes: 0 no violation, 1 violations, 3 judged too little, 64 not a results folder, 65 a malformed line.
    Completion callbacks (invariant 11) are not in the history and are not judged again.
    """
    static let options: [OptionSpec] = [OptionSpec(name: "quiet", value: nil, help: "Print only errors.")]

    let directory: String
    let checker: Checker
    let judging: RunConfiguration.Judging

    init(_ args: ParsedArguments) throws {
        guard args.positionals.count == 1 else { throw UsageError("check needs one results folder") }
        directory = args.positionals[0]
        let summary = try CompareCommand.summary(directory)
        guard case .array(let items)? = summary["arguments"], items.first == .string("run") else {
            throw DataError(file: directory + "/summary.json", path: "$.arguments", message: "missing; expected the arguments of a run")
        }
        // Only what the checker needs: the profile, the cancel deadline and the minimums (the rest plans
        // traffic, and may need tokens that were never recorded). A recorded value today's flags refuse is the
        // file's fault, named as such.
        let file = directory + "/summary.json"
        do {
            let recorded = try ParsedArguments(items.dropFirst().compactMap(\.stringValue), specs: RunCommand.options, command: "run")
            let (profile, _) = try ProfileLoader.load(recorded.string("profile") ?? "pika")
            checker = Checker(profile: profile, cancelDeadline: try recorded.duration("cancel-deadline", in: DurationLimits.jobTimeout) ?? .seconds(10))
            judging = .init(minTerminal: try recorded.fraction("min-terminal") ?? 1,
                            minInvariants: try recorded.int("min-invariants", in: 0...Invariant.allCases.count) ?? 2)
        } catch let e as UsageError {
            throw DataError(file: file, path: "$.arguments", message: "a recorded argument is refused: \(e.message)")
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let path = directory + "/history.jsonl"
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("'\(directory)' has no history.jsonl") }
        var tally = RunTally()
        var violations = 0, operations = 0, jobs = 0
        var current: JobHistory?
        func flush() {
            guard let h = current else { return }
            let check = checker.check(h)
            jobs += 1
            tally.jobs += 1
            tally.jobsByEnd[h.end, default: 0] += 1
            violations += check.violations.count
            for (inv, v) in check.verdicts { tally.add(invariant: inv, verdicts: [v]) }
            var firstSubmit = true
            for op in h.operations {
                var seen = op
                if op.kind == .submit, firstSubmit, op.outcome == .ok, h.jobId != nil { seen.returnedId = h.jobId }
                tally.diagnostics.add(seen, firstSubmit: op.kind == .submit && firstSubmit)
                if op.kind == .submit { firstSubmit = false }
            }
        }
        let started = MonotonicClock.nanoseconds()
        try LineReader(path: path).forEachLine { bytes, line in
            if line == 1 {
                let value: JSONValue
                do { value = try JSONParser.parse(bytes) } catch {
                    throw DataError(file: path, path: "line 1", message: "not valid JSON: \(error)")
                }
                if let missing = HistoryLine.requiredForChecking.first(where: { value[$0] == nil }) {
                    throw DataError(file: path, path: "line 1", message: "has no \"\(missing)\": the history was written by an older cancelbench and cannot be judged again without crying wolf")
                }
            }
            guard let (job, jobId, end, op) = HistoryScanner.scan(bytes, profile: checker.profile) else {
                throw DataError(file: path, path: "line \(line)", message: "expected a history operation in JSON (job, seq, f, id_use, invoke_ns, complete_ns, type, status)")
            }
            if current?.job != job {
                flush()
                current = JobHistory(job: job, jobId: jobId, end: end)
            }
            current!.operations.append(op)
            operations += 1
        }
        flush()
        let seconds = max(Double(MonotonicClock.nanoseconds() - started) / 1e9, 1e-9)
        var out = ["cancelbench check \(directory): \(jobs) jobs, \(operations) operations in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(operations) / seconds)) operations/s", ""]
        for inv in Checker.implemented where inv != .callbackExactlyOnce {
            let t = tally.invariants[inv] ?? InvariantTally()
            out.append("  \(String(inv.rawValue).padding(4))\(inv.name.padding(28))\((t.verdict?.description ?? "n/a").padding(8))\(t.jobs) jobs checked" + (t.fail > 0 ? ", \(t.fail) violated" : ""))
        }
        let coverage = Coverage(minTerminal: judging.minTerminal, minInvariants: judging.minInvariants,
                                context: .init(submitIdPath: "$." + checker.profile.submitId.description,
                                               statusPath: "$." + checker.profile.fields.status.description,
                                               jobTimeout: "--job-timeout", fileLimit: 0))
        let shortfalls = jobs == 0 ? ["\(path) holds no job"] : coverage.shortfalls(tally)
        out.append("")
        out.append("judged: " + coverage.line(tally, invariants: Checker.implemented.count - 1))
        let code: ExitCode = violations > 0 ? .violation : shortfalls.isEmpty ? .pass : .couldNotRun
        switch code {
        case .violation: out.append("check: FAIL: \(violations) violations → exit 1")
        case .couldNotRun: out.append("check: INDETERMINATE: \(shortfalls[0]) → exit 3")
        default: out.append("check: PASS: 0 violations → exit 0")
        }
        context.console.out(out.joined(separator: "\n"))
        return code
    }
}
