/// Invariant 11: completion callbacks arrive exactly once, with the final state.
///
/// Callbacks arrive on their own schedule, often after the job's last read, so they are judged once the run
/// is over: the ledger keeps, per job that ended terminal, only its id and final status.
public struct CallbackLedger: Sendable {
    struct Expected: Sendable {
        var job: Int
        var finalStatus: String
        var finalRead: Operation
    }

    private var expected: [String: Expected] = [:]

    public init() {}

    /// Jobs still waiting for their callback.
    public var count: Int { expected.count }

    /// Notes a job that ended terminal, with the read that showed its final status.
    public mutating func expect(job: Int, jobId: String, finalRead: Operation) {
        guard let status = finalRead.observation?.status else { return }
        expected[jobId] = Expected(job: job, finalStatus: status, finalRead: finalRead)
    }

    /// Ids of expected jobs for which `received` has no callback yet.
    public func missing(in received: [String: [String]]) -> Int { expected.keys.filter { received[$0] == nil }.count }

    /// Judges every expected job against the callbacks received (job id → statuses, in arrival order).
    public func check(received: [String: [String]]) -> (verdicts: [Verdict], violations: [Violation]) {
        var verdicts: [Verdict] = []
        var violations: [Violation] = []
        for (id, e) in expected.sorted(by: { $0.value.job < $1.value.job }) {
            let got = received[id] ?? []
            var problem: String?
            if got.isEmpty {
                problem = "no completion callback arrived for the job, which ended \"\(e.finalStatus)\""
            } else if got.count > 1 {
                problem = "\(got.count) completion callbacks arrived (\(got.joined(separator: ", "))); the contract delivers one"
            } else if got[0] != e.finalStatus {
                problem = "the completion callback said \"\(got[0])\", but read \(e.finalRead.ref) shows the final status \"\(e.finalStatus)\""
            }
            if let problem {
                verdicts.append(.fail)
                violations.append(Violation(invariant: .callbackExactlyOnce, job: e.job, jobId: id, message: problem, evidence: [e.finalRead]))
            } else {
                verdicts.append(.pass)
            }
        }
        return (verdicts, violations)
    }
}
