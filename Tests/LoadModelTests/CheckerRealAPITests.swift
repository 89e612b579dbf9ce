
import Testing
@testable import LoadModel

/// What format 2 lets a contract say, judged: guaranteed cancellation, jobs that disappear, refused cancels
/// that take effect anyway, acknowledgement-only cancel answers.
@Suite struct CheckerRealAPITests {
    /// An OGC-like API: DELETE dismisses, a dismissed job answers 404; cancel of a finished job is 2xx.
    static let ogcLike = """
    {"format":2,"name":"o","submit":{"method":"POST","path":"/jobs","id":{"header":"Location","pattern":"/jobs/{id}"}},
     "status":{"method":"GET","path":"/jobs/{id}"},"cancel":{"method":"DELETE","path":"/jobs/{id}"},
     "fields":{"status":"status"},
     "states":{"accepted":"queued","running":"running","successful":"succeeded","failed":"failed","dismissed":"cancelled"},
     "retention":{"afterCancel":"gone","afterEnd":"kept"},
     "contract":{"cancelTerminal":{"status":200},"unknownId":{"status":404}}}
    """

    /// A Temporal-like API: cancel answers `200 {}` whatever the state; `semantics` is set per test.
    static func ackLike(_ semantics: String, cancelTerminal: String = "\"2xx\"") -> String {
        """
        {"format":2,"name":"t","submit":{"method":"POST","path":"/wf/{jobKey}","id":{"client":true}},
         "status":{"method":"GET","path":"/wf/{id}"},
         "cancel":{"method":"POST","path":"/wf/{id}/cancel","answer":"ack","semantics":"\(semantics)"},
         "fields":{"status":"status"},"states":{"RUNNING":"running","COMPLETED":"succeeded","CANCELED":"cancelled"},
         "contract":{"cancelTerminal":{"status":\(cancelTerminal)}}}
        """
    }

    func profile(_ text: String) throws -> Profile { try Profile.parse(Array(text.utf8)) }

    func op(_ seq: Int, _ kind: OperationKind, _ start: Int64, _ end: Int64, _ http: Int, _ status: String? = nil,
            _ p: Profile, idUse: IdUse = .job) -> Operation {
        Operation(seq: seq, kind: kind, idUse: idUse, requestedId: "j", invoke: Instant(nanoseconds: start * 1_000_000),
                  complete: Instant(nanoseconds: end * 1_000_000), httpStatus: http,
                  observation: status.map { Observation(status: $0, state: p.canonical($0)) })
    }

    func check(_ p: Profile, _ ops: [Operation]) -> JobCheck {
        Checker(profile: p, cancelDeadline: .seconds(1)).check(JobHistory(job: 1, jobId: "j", operations: ops))
    }

    // MARK: 3, guaranteed cancellation

    @Test func guaranteedCancelThatEndsSucceededIsAViolation() throws {
        let p = try profile(Self.ackLike("guaranteed"))
        let r = check(p, [op(1, .status, 0, 1, 200, "RUNNING", p), op(2, .cancel, 2, 3, 200, nil, p),
                          op(3, .status, 4, 5, 200, "RUNNING", p), op(4, .status, 6, 7, 200, "COMPLETED", p)])
        #expect(r.verdicts[.acknowledgedCancelSticks] == .fail)
        #expect(r.violations.first?.message.contains("guarantees cancellation") == true)
    }

    @Test func bestEffortCancelMayEndSucceeded() throws {
        let p = try profile(Self.ackLike("best-effort"))
        let r = check(p, [op(1, .status, 0, 1, 200, "RUNNING", p), op(2, .cancel, 2, 3, 200, nil, p),
                          op(3, .status, 4, 5, 200, "RUNNING", p), op(4, .status, 6, 7, 200, "COMPLETED", p)])
        #expect(r.violations.isEmpty)
    }

    @Test func guaranteedCancelRacingTheEndIsNotBlamedWithoutProof() throws {
        // The contract answers 2xx to a finished job's cancel too, and no read shows the job live after the
        // cancel: it may have finished first. Nothing is judged against the target.
        let p = try profile(Self.ackLike("guaranteed"))
        let r = check(p, [op(1, .status, 0, 1, 200, "RUNNING", p), op(2, .cancel, 2, 3, 200, nil, p),
                          op(3, .status, 4, 5, 200, "COMPLETED", p)])
        #expect(r.violations.isEmpty)
    }

    @Test func guaranteedCancelWhereFinishedJobsAreRefusedNeedsNoLiveRead() throws {
        // A finished job's cancel is 409 here, so a 200 proves the job was live.
        let p = try profile(Self.ackLike("guaranteed", cancelTerminal: "409"))
        let r = check(p, [op(1, .status, 0, 1, 200, "RUNNING", p), op(2, .cancel, 2, 3, 200, nil, p),
                          op(3, .status, 4, 5, 200, "COMPLETED", p)])
        #expect(r.verdicts[.acknowledgedCancelSticks] == .fail)
    }

    @Test func guaranteedCancelEndingCancelledPasses() throws {
        let p = try profile(Self.ackLike("guaranteed"))
        let r = check(p, [op(1, .status, 0, 1, 200, "RUNNING", p), op(2, .cancel, 2, 3, 200, nil, p),
                          op(3, .status, 4, 5, 200, "RUNNING", p), op(4, .status, 6, 7, 200, "CANCELED", p)])
        #expect(r.verdicts[.acknowledgedCancelSticks] == .pass && r.violations.isEmpty)
    }

    // MARK: 12 and gone answers

    @Test func dismissedJobAnswering404IsItsEnd() throws {
        let p = try profile(Self.ogcLike)
        let r = check(p, [op(1, .status, 0, 1, 200, "running", p), op(2, .cancel, 2, 3, 200, "dismissed", p),
                          op(3, .status, 4, 5, 404, nil, p), op(4, .cancel, 6, 7, 404, nil, p), op(5, .status, 8, 9, 404, nil, p)])
        #expect(r.violations.isEmpty, "\(r.violations.map(\.message))")
        #expect(r.verdicts[.boundedCancellation] == .pass, "gone after the cancel ends the job in time")
        #expect(r.verdicts[.cancelOfFinishedJob] == .pass, "a DELETE of a gone job answered 404 is right")
        #expect(r.verdicts[.noLostJob] == .pass)
    }

    @Test func jobGoneWithoutACancelIsLost() throws {
        let p = try profile(Self.ogcLike)
        let r = check(p, [op(1, .status, 0, 1, 200, "running", p), op(2, .status, 2, 3, 404, nil, p)])
        #expect(r.verdicts[.noLostJob] == .fail)
        #expect(r.violations.first?.message.contains("no such job") == true)
    }

    @Test func jobNeverReadIsNotJudgedLost() throws {
        // Every read 404 from the start says the profile does not fit, not that the API lost the job.
        let p = try profile(Self.ogcLike)
        let r = check(p, [op(1, .status, 0, 1, 404, nil, p), op(2, .status, 2, 3, 404, nil, p)])
        #expect(r.verdicts[.noLostJob] == nil && r.violations.isEmpty)
    }

    @Test func secondDeleteOfAGoneJobAnswered200IsAViolation() throws {
        let p = try profile(Self.ogcLike)
        let r = check(p, [op(1, .status, 0, 1, 200, "running", p), op(2, .cancel, 2, 3, 200, "dismissed", p),
                          op(3, .status, 4, 5, 404, nil, p), op(4, .cancel, 6, 7, 200, "dismissed", p)])
        #expect(r.verdicts[.cancelOfFinishedJob] == .fail)
    }

    @Test func seedProfilesDoNotJudgeRetention() throws {
        let p = try loadProfile("praison")
        let r = check(p, [op(1, .status, 0, 1, 200, "running", p), op(2, .status, 2, 3, 404, nil, p)])
        #expect(r.verdicts[.noLostJob] == nil)
    }

    // MARK: 14

    @Test(arguments: [
        // Refused while queued, then read cancelled: the refusal took effect.
        (["queued", "cancel 409", "cancelled"], Verdict.fail),
        // Refused because it was already cancelled: right.
        (["cancelled", "cancel 409", "cancelled"], .pass),
        // Refused, and the job ran on to succeed: right.
        (["running", "cancel 409", "succeeded"], .pass),
        // One refused, one indeterminate: the other may have done it, nothing is judged.
        (["running", "cancel 409", "cancel 503", "cancelled"], nil),
    ] as [([String], Verdict?)])
    func refusedCancelChangesNothing(steps: [String], verdict: Verdict?) throws {
        let p = try loadProfile("praison")
        var ops: [Operation] = []
        for (i, s) in steps.enumerated() {
            let t = Int64(i * 2)
            if s.hasPrefix("cancel ") {
                ops.append(op(i + 1, .cancel, t, t + 1, Int(s.dropFirst(7))!, nil, p))
            } else {
                ops.append(op(i + 1, .status, t, t + 1, 200, s, p))
            }
        }
        #expect(check(p, ops).verdicts[.refusedCancelChangesNothing] == verdict)
    }

    // MARK: 8, probes answered 3xx

    @Test func aProbeAnswered3xxIsADefiniteAnswer() throws {
        // Temporal's router answers `…/workflows//cancel` (the missing-id probe) with 301: judged, not unknown.
        let silent = try profile(Self.ackLike("best-effort"))
        let probe = op(1, .cancel, 0, 1, 301, nil, silent, idUse: .missing)
        #expect(check(silent, [probe]).verdicts[.errorContract] == .pass, "no documented answer: nothing to break")
        let pika = try loadProfile("pika")
        let documented = op(1, .cancel, 0, 1, 301, nil, pika, idUse: .missing)
        #expect(check(pika, [documented]).verdicts[.errorContract] == .fail, "Pika documents 400 for a missing id")
    }
}
