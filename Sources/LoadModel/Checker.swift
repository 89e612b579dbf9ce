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
    public static let implemented: [Invariant] = [
        .terminalStaysTerminal, .acknowledgedCancelSticks, .cancelOfFinishedJob, .noDoubleRefund, .errorContract,
    ]

    public init(profile: Profile) { self.profile = profile }

    /// Checks one job's whole history.
    public func check(_ history: JobHistory) -> JobCheck {
        var result = JobCheck()
        let reads = history.reads
        checkTerminalStaysTerminal(history, reads: reads, into: &result)
        checkAcknowledgedCancel(history, reads: reads, into: &result)
        checkCancelOfFinished(history, reads: reads, into: &result)
        if profile.hasBilling { checkRefunds(history, into: &result) }
        checkErrorContract(history, into: &result)
        return result
    }

    func violation(_ invariant: Invariant, _ history: JobHistory, _ message: String, _ evidence: [Operation]) -> Violation {
        Violation(invariant: invariant, job: history.job, jobId: history.jobId, message: message,
                  evidence: evidence.sorted { $0.invoke < $1.invoke })
    }
}

extension Operation {
    /// `#seq`, how messages name an exchange.
    var ref: String { "#\(seq)" }
}
