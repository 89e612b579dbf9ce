import Foundation
import LoadModel
import Reports

/// Reads a history.jsonl line by line and judges each job as soon as its last line is read, keeping only that
/// job's operations: the state of one `cancelbench check`, in one value, so the reading loop captures one variable
/// rather than a handful (each captured variable paid a dynamic exclusivity check per line).
struct HistoryJudge {
    let checker: Checker
    /// The history's path, for error messages.
    let path: String
    var scanner: HistoryScanner
    var tally = RunTally()
    var violations = 0, operations = 0, jobs = 0
    private var firstJobLine = true
    /// The job being read: its number, id and end; its operations so far are `pending`, an array reused job
    /// after job rather than grown again for each.
    private var job: (number: Int, id: String?, end: JobEnd)?
    private var pending: [LoadModel.Operation] = []
    /// The jobs' verdicts by invariant number, added to `tally` by `finish` (a dictionary update per verdict cost
    /// more than judging some invariants).
    private var verdicts = Array(repeating: InvariantTally(), count: (Invariant.allCases.map(\.rawValue).max() ?? 0) + 1)

    init(checker: Checker, path: String) {
        self.checker = checker
        self.path = path
        scanner = HistoryScanner(profile: checker.profile)
    }

    /// Takes one line (1-based number `line`) of the history.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        // A nemesis window (`"process":"nemesis"`) is not a job's operation; invariant 13 is judged from the
        // run's windows, not here.
        if OfflineCheck.isNemesisLine(bytes) {
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
        guard let (number, jobId, end, op) = scanner.scan(bytes) else {
            throw DataError(file: path, path: "line \(line)", message: "expected a history operation in JSON (job, seq, f, id_use, invoke_ns, complete_ns, type, status)")
        }
        if job?.number != number {
            flush()
            job = (number, jobId, end)
        }
        pending.append(op)
        operations += 1
    }

    /// Judges the last job and adds every job's verdicts to `tally`.
    mutating func finish() {
        flush()
        for inv in Invariant.allCases where verdicts[inv.rawValue].jobs > 0 {
            let t = verdicts[inv.rawValue]
            tally.invariants[inv, default: InvariantTally()].pass += t.pass
            tally.invariants[inv, default: InvariantTally()].unknown += t.unknown
            tally.invariants[inv, default: InvariantTally()].fail += t.fail
        }
        verdicts = verdicts.map { _ in InvariantTally() }
    }

    /// Judges the job read so far, if any.
    private mutating func flush() {
        guard let job else { return }
        do {
            let h = JobHistory(job: job.number, jobId: job.id, operations: pending, end: job.end)
            let check = checker.check(h)
            jobs += 1
            tally.jobs += 1
            tally.jobsByEnd[h.end, default: 0] += 1
            violations += check.violations.count
            for inv in Invariant.allCases {
                switch check.verdict(inv) {
                case .pass?: verdicts[inv.rawValue].pass += 1
                case .unknown?: verdicts[inv.rawValue].unknown += 1
                case .fail?: verdicts[inv.rawValue].fail += 1
                case nil: break
                }
            }
        }
        // Counted through the array's buffer, whose elements are read in place (the array's subscript copied each
        // operation whole), into the tally's diagnostics moved out and back (a copy would copy its dictionaries).
        var firstSubmit = true, diagnostics = RunDiagnostics()
        swap(&diagnostics, &tally.diagnostics)
        pending.withUnsafeBufferPointer { ops in
            for op in ops.indices {
                let kind = ops[op].kind
                let first = kind == .submit && firstSubmit
                // The job's id names the first accepted submit's answer, whether or not the answer's field was read.
                let hasId = ops[op].returnedId != nil || (first && ops[op].outcome == .ok && job.id != nil)
                diagnostics.add(kind: kind, idUse: ops[op].idUse, outcome: ops[op].outcome, httpStatus: ops[op].httpStatus,
                                hasStatus: ops[op].observation?.status != nil, transportError: ops[op].transportError ?? "",
                                firstSubmit: first, hasId: hasId, excerpt: "")
                if kind == .submit { firstSubmit = false }
            }
        }
        swap(&diagnostics, &tally.diagnostics)
        pending.removeAll(keepingCapacity: true)
        self.job = nil
    }
}
