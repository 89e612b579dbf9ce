/// What the checker concluded about one job.
public struct JobCheck: Sendable {
    /// A verdict for each invariant the job exercised; an invariant the job never touched has none.
    public var verdicts: [Invariant: Verdict] = [:]
    public var violations: [Violation] = []

    /// Records a verdict, merging with any earlier one for the same invariant.
    mutating func record(_ invariant: Invariant, _ verdict: Verdict) {
        verdicts[invariant] = (verdicts[invariant] ?? .pass).merged(with: verdict)
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
        // Most jobs have nothing to drop: then the history is judged as it is, its operations not copied.
        if !replays.isEmpty || whole.operations.contains(where: { $0.payload != 1 }) {
            history.operations.removeAll { replays.contains($0.seq) || $0.payload != 1 }
        }
        let reads = history.reads
        checkTerminalStaysTerminal(history, reads: reads, into: &result)
        checkTransitions(history, reads: reads, into: &result)
        checkAcknowledgedCancel(history, reads: reads, into: &result)
        checkCancelOfFinished(history, reads: reads, into: &result)
        checkDuplicateCancels(history, into: &result)
        if profile.hasBilling { checkRefunds(history, into: &result) }
        checkErrorContract(history, reads: reads, into: &result)
        checkNoWorkAfterCancel(history, reads: reads, into: &result)
        checkBoundedCancellation(history, reads: reads, into: &result)
        checkNoLostJob(history, reads: reads, into: &result)
        // Every cancel sent counts here, replays too: of concurrent same-key cancels the server may execute any
        // one (and answer the others 409), not the first the client invoked.
        checkRefusedCancel(whole, reads: reads, into: &result)
        return result
    }

    /// The `seq` of every operation that repeats an earlier one's kind, Idempotency-Key and payload.
    static func replays(in history: JobHistory) -> Set<Int> {
        // Without a key there is no replay (and nothing to sort).
        guard history.operations.contains(where: { $0.idempotencyKey != nil }) else { return [] }
        var seen = Set<String>()
        var replays = Set<Int>()
        for op in history.operations.sorted(by: { ($0.invoke, $0.seq) < ($1.invoke, $1.seq) }) {
            guard let key = op.idempotencyKey else { continue }
            if !seen.insert("\(op.kind.rawValue) \(key) \(op.payload)").inserted { replays.insert(op.seq) }
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
