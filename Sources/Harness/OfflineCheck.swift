import Foundation
import LoadModel
import Reports
import Transport

/// Judges a results folder's history.jsonl again, offline, with this build's checker: the profile, the cancel
/// deadline and the minimums come from the folder's plan, never from today's files or flags.
public struct OfflineCheck: Sendable {
    public let folder: ResultsFolder

    public init(_ folder: ResultsFolder) { self.folder = folder }

    /// What a check came to: its exit code and the text to print.
    public struct Outcome: Sendable {
        public var code: ExitCode
        public var text: String
    }

    public func run() throws -> Outcome {
        let plan = folder.plan, directory = folder.directory
        let checker = Checker(profile: plan.judgedProfile, cancelDeadline: plan.settings.cancelDeadline)
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
                let first = op.kind == .submit && firstSubmit
                // The job's id names the first accepted submit's answer, whether or not the answer's field was read.
                let hasId = op.returnedId != nil || (first && op.outcome == .ok && h.jobId != nil)
                tally.diagnostics.add(op, firstSubmit: first, hasId: hasId)
                if op.kind == .submit { firstSubmit = false }
            }
        }
        let started = MonotonicClock.nanoseconds()
        var firstJobLine = true
        var scanner = HistoryScanner(profile: checker.profile)
        try LineReader(path: path).forEachLineInPlace { bytes, line in
            // A nemesis window (`"process":"nemesis"`) is not a job's operation; invariant 13 is judged from the
            // run's windows, not here.
            if Self.isNemesisLine(bytes) {
                // Recovery (13) was judged from every exchange's times, which history.jsonl does not hold: the
                // run's verdict per window is carried over as recorded.
                let recovery = (try? JSONParser.parse(Array(bytes)))?["recovery"]?.stringValue
                let verdict: Verdict? = recovery == "pass" ? .pass : recovery == "fail" ? .fail : recovery == "unknown" ? .unknown : nil
                if let verdict {
                    tally.add(invariant: .recovery, verdicts: [verdict])
                    if verdict == .fail { violations += 1 }
                }
                return
            }
            if firstJobLine {
                firstJobLine = false
                let value: JSONValue
                do { value = try JSONParser.parse(Array(bytes)) } catch {
                    throw DataError(file: path, path: "line \(line)", message: "not valid JSON: \(error)")
                }
                if let missing = HistoryLine.requiredForChecking.first(where: { value[$0] == nil }) {
                    throw DataError(file: path, path: "line \(line)", message: "has no \"\(missing)\": the history was written by an older cancelbench and cannot be judged again without crying wolf")
                }
            }
            guard let (job, jobId, end, op) = scanner.scan(bytes) else {
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
        for inv in Checker.implemented where inv != .callbackExactlyOnce && (inv != .recovery || tally.invariants[.recovery] != nil) {
            let t = tally.invariants[inv] ?? InvariantTally()
            let checked = inv == .recovery ? "\(t.jobs) windows, as the run recorded them" : "\(t.jobs) jobs checked"
            out.append("  " + String(inv.rawValue).padded(4) + inv.name.padded(28) + (t.verdict?.description ?? "n/a").padded(8)
                + checked + (t.fail > 0 ? ", \(t.fail) violated" : ""))
        }
        var coverage = RunEngine.coverage(plan)
        coverage.context.jobTimeout = "--job-timeout"
        coverage.context.fileLimit = 0
        let shortfalls = jobs == 0 ? ["\(path) holds no job"] : coverage.shortfalls(tally)
        out.append("")
        out.append("judged: " + coverage.line(tally, invariants: Checker.implemented.count - 2))
        let code: ExitCode = violations > 0 ? .violation : shortfalls.isEmpty ? .pass : .couldNotRun
        switch code {
        case .violation: out.append("check: FAIL: \(violations) violations → exit 1")
        case .couldNotRun: out.append("check: INDETERMINATE: \(shortfalls[0]) → exit 3")
        default: out.append("check: PASS: 0 violations → exit 0")
        }
        return Outcome(code: code, text: out.joined(separator: "\n"))
    }

    private static let runIdKey = Array(#"{"run_id":""#.utf8)
    private static let nemesisAfterRunId = Array(#"","process":"nemesis""#.utf8)

    /// Whether a history line is a nemesis window rather than a job's operation. The writer puts `"process":
    /// "nemesis"` right after the run id, so this reads a few bytes and allocates nothing (it runs on every line).
    static func isNemesisLine(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count > runIdKey.count + nemesisAfterRunId.count, b.starts(with: runIdKey) else { return false }
        var i = runIdKey.count
        while i < b.count, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
        return i < b.count && b[i...].starts(with: nemesisAfterRunId)
    }
}

extension String {
    /// The string and a space at least, padded to `width` characters (a column of a plain table).
    func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
