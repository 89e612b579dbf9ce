/// Invariant 11: completion callbacks arrive exactly once, with the final state.
///
/// Callbacks arrive on their own schedule, usually before the job's verifying read ends but sometimes after.
/// So a job is judged when it ends if its callback is already in; otherwise it waits here (id, number and the
/// final read, without the body excerpt) until the run is over. Memory stays bounded by the jobs whose
/// callbacks are late, not by the run's length.
public struct CallbackLedger: Sendable {
    struct Expected: Sendable {
        var job: Int
        var finalStatus: String
        var finalRead: Operation
    }

    private var waiting: [String: Expected] = [:]
    /// Ids judged lately (at most `recentCapacity`), so a trailing duplicate can be told from a callback for a job
    /// the harness never knew (a submit answered 5xx after it executed).
    private var recent = Set<String>()
    private var recentOrder: [String] = []
    private var recentNext = 0
    static let recentCapacity = 65_536
    /// Verdicts and violations judged so far.
    public private(set) var verdicts: [Verdict] = []
    public private(set) var violations: [Violation] = []

    public init() {}

    /// Jobs still waiting for their callback.
    public var count: Int { waiting.count }

    /// Notes a job that ended terminal; judges it at once if `received` (its callbacks so far) is non-empty.
    public mutating func expect(job: Int, jobId: String, finalRead: Operation, received: [String]) {
        guard let status = finalRead.observation?.status else { return }
        var read = finalRead
        read.excerpt = String(read.excerpt.prefix(160))
        read.errorBody = nil
        let e = Expected(job: job, finalStatus: status, finalRead: read)
        if received.isEmpty { waiting[jobId] = e } else { judge(jobId, e, received) }
    }

    /// Ids still waiting, to look up in the receiver.
    public var waitingIds: [String] { Array(waiting.keys) }

    /// Judges every waiting job against the callbacks received by now (job id → statuses, in arrival order),
    /// and reports callbacks for jobs already judged (`late`: job id → statuses) as duplicates; callbacks for
    /// ids it never expected are ignored.
    public mutating func finish(received: [String: [String]], late: [String: [String]]) {
        for (id, e) in waiting.sorted(by: { $0.value.job < $1.value.job }) { judge(id, e, received[id] ?? []) }
        waiting.removeAll()
        for (id, statuses) in late.sorted(by: { $0.key < $1.key }) where recent.contains(id) {
            verdicts.append(.fail)
            violations.append(Violation(invariant: .callbackExactlyOnce, job: -1, jobId: id,
                                        message: "\(statuses.count) more completion callback(s) (\(statuses.joined(separator: ", "))) arrived after the job's callback had been judged; the contract delivers one",
                                        evidence: []))
        }
    }

    private mutating func remember(_ id: String) {
        if recentOrder.count < Self.recentCapacity {
            recentOrder.append(id)
        } else {
            recent.remove(recentOrder[recentNext])
            recentOrder[recentNext] = id
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
        recent.insert(id)
    }

    private mutating func judge(_ id: String, _ e: Expected, _ got: [String]) {
        remember(id)
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

    /// Takes the verdicts and violations judged so far (so the caller can record them as it goes).
    public mutating func drain() -> (verdicts: [Verdict], violations: [Violation]) {
        defer { verdicts.removeAll(); violations.removeAll() }
        return (verdicts, violations)
    }
}
