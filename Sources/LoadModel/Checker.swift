/// What the checker concluded about one job.
public struct JobCheck: Sendable {
    /// Four bits per invariant, at its number: 0 when the job never touched it, else the verdict's raw value + 1.
    /// A job records a dozen verdicts, and a dictionary made and hashed them once per job.
    private var packed: UInt64 = 0
    public var violations: [Violation] = []

    /// The verdict on `invariant`, or nil when the job never exercised it.
    public func verdict(_ invariant: Invariant) -> Verdict? {
        let stored = packed >> (4 * UInt64(invariant.rawValue)) & 0xF
        return stored == 0 ? nil : Verdict(rawValue: Int(stored) - 1)
    }

    /// A verdict for each invariant the job exercised; an invariant the job never touched has none.
    public var verdicts: [Invariant: Verdict] {
        var all: [Invariant: Verdict] = [:]
        for invariant in Invariant.allCases { all[invariant] = verdict(invariant) }
        return all
    }

    /// Records a verdict, merging with any earlier one for the same invariant.
    mutating func record(_ invariant: Invariant, _ verdict: Verdict) {
        let merged = (self.verdict(invariant) ?? .pass).merged(with: verdict)
        let shift = 4 * UInt64(invariant.rawValue)
        packed = packed & ~(0xF << shift) | UInt64(merged.rawValue + 1) << shift
    }
}

/// Judges job histories against the invariants of DESIGN.md, using only what the profile's contract states.
///
/// The checker is pure and works one job at a time, so a run can check each job as soon as it ends and keep
/// no history in memory. It never calls anything a violation where the contract is silent.
public struct Checker: Sendable {
    public let profile: Profile

    /// The invariants this checker judges; the summary lists exactly these.
    public static let implemented: [Invariant] = Invariant.allCases
    /// How long a job may take to reach a terminal state after a cancel was accepted (invariant 10).
    public let cancelDeadline: Span

    public init(profile: Profile, cancelDeadline: Span = .seconds(10)) {
        self.profile = profile
        self.cancelDeadline = cancelDeadline
    }

    /// Checks one job's whole history.
    ///
    /// A request that reuses an Idempotency-Key with the same payload is the same logical operation as the
    /// first one: its answer is the stored answer, from the moment of the first execution. A request that
    /// reuses a key with a different payload is a probe that must be refused. So the state invariants see
    /// only first executions, and invariant 7 alone judges replays and key-reuse probes.
    public func check(_ whole: JobHistory) -> JobCheck {
        var result = JobCheck()
        checkIdempotencyKeys(whole, into: &result)
        var history = whole
        let replays = Self.replays(in: whole)
        // Most jobs have neither a replay nor a second payload: then the history is judged as it is, not copied.
        if !replays.isEmpty || whole.any({ whole.operations[$0].payload != 1 }) {
            history.operations.removeAll { replays.contains($0.seq) || $0.payload != 1 }
        }
        // Each judged once here rather than filtered again by every invariant that reads them.
        let reads = history.reads, cancels = history.cancels
        checkTerminalStaysTerminal(history, reads: reads, into: &result)
        checkTransitions(history, reads: reads, into: &result)
        checkAcknowledgedCancel(history, reads: reads, cancels: cancels, into: &result)
        checkCancelOfFinished(history, reads: reads, cancels: cancels, into: &result)
        checkDuplicateCancels(history, cancels: cancels, into: &result)
        if profile.hasBilling { checkRefunds(history, into: &result) }
        checkErrorContract(history, reads: reads, cancels: cancels, into: &result)
        checkNoWorkAfterCancel(history, reads: reads, into: &result)
        checkBoundedCancellation(history, reads: reads, cancels: cancels, into: &result)
        checkNoLostJob(history, reads: reads, cancels: cancels, into: &result)
        // Every cancel sent counts here, replays too: of concurrent same-key cancels the server may execute any
        // one (and answer the others 409), not the first the client invoked.
        checkRefusedCancel(whole, reads: reads, into: &result)
        return result
    }

    /// The `seq` of every operation that repeats an earlier one's kind, Idempotency-Key and payload.
    static func replays(in history: JobHistory) -> Set<Int> {
        var seen = Set<String>()
        var replays = Set<Int>()
        // Only keyed operations can repeat one: the others are neither sorted nor copied.
        let keyed = history.operations.indices.filter { history.operations[$0].details?.idempotencyKey != nil }
        guard keyed.count > 1 else { return replays }
        for index in keyed.sorted(by: { history.operations[$0].invoke < history.operations[$1].invoke
            || (history.operations[$0].invoke == history.operations[$1].invoke && history.operations[$0].seq < history.operations[$1].seq) }) {
            let op = history.operations[index]
            if !seen.insert("\(op.kind.rawValue) \(op.idempotencyKey!) \(op.payload)").inserted { replays.insert(op.seq) }
        }
        return replays
    }

    func violation(_ invariant: Invariant, _ history: JobHistory, _ message: String, _ evidence: [Operation]) -> Violation {
        Violation(invariant: invariant, job: history.job, jobId: history.jobId, message: message,
                  evidence: evidence.sorted { $0.invoke < $1.invoke })
    }

    /// Records a failed verdict and its violation.
    func fail(_ invariant: Invariant, _ history: JobHistory, _ message: String, _ evidence: [Operation], into result: inout JobCheck) {
        result.record(invariant, .fail)
        result.violations.append(violation(invariant, history, message, evidence))
    }
}

extension Operation {
    /// `#seq`, how messages name an exchange.
    var ref: String { "#\(seq)" }
}
