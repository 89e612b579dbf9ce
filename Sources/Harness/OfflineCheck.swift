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
        let started = MonotonicClock.nanoseconds()
        var judge = HistoryJudge(checker: checker, path: path)
        try LineReader(path: path).forEachLineInPlace { bytes, line in try judge.read(bytes, line: line) }
        judge.finish()
        let (tally, violations, operations, jobs) = (judge.tally, judge.violations, judge.operations, judge.jobs)
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

    private static var runIdKey: StaticString { #"{"run_id":""# }
    private static var nemesisAfterRunId: StaticString { #"","process":"nemesis""# }

    /// Whether a history line is a nemesis window rather than a job's operation. The writer puts `"process":
    /// "nemesis"` right after the run id, so this reads a few bytes and allocates nothing (it runs on every line).
    static func isNemesisLine(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix = runIdKey, marker = nemesisAfterRunId
        guard b.count > prefix.utf8CodeUnitCount + marker.utf8CodeUnitCount,
              memcmp(b.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0 else { return false }
        var i = prefix.utf8CodeUnitCount
        while i < b.count, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
        return i + marker.utf8CodeUnitCount <= b.count && memcmp(b.baseAddress! + i, marker.utf8Start, marker.utf8CodeUnitCount) == 0
    }
}

extension String {
    /// The string and a space at least, padded to `width` characters (a column of a plain table).
    func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
