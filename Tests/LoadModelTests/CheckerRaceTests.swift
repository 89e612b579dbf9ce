import Testing
@testable import LoadModel

/// Invariants 2, 5, 7, 9, 10 and the credential probes of 8, over passing and violating histories.
@Suite struct CheckerRaceTests {
    let beatra: Profile
    let praison: Profile
    let pika: Profile

    init() throws {
        beatra = try loadProfile("beatra")
        praison = try loadProfile("praison")
        pika = try loadProfile("pika")
    }

    func op(_ seq: Int, _ kind: OperationKind, _ start: Int64, _ end: Int64, _ http: Int, _ o: Observation? = nil,
            idUse: IdUse = .job, key: String? = nil, payload: Int = 1, hash: UInt64 = 0, returned: String? = nil) -> Operation {
        var op = Operation(seq: seq, kind: kind, idUse: idUse, requestedId: "j", invoke: Instant(nanoseconds: start * 1_000_000),
                           complete: Instant(nanoseconds: end * 1_000_000), httpStatus: http, observation: o)
        op.idempotencyKey = key
        op.payload = payload
        op.bodyHash = hash
        op.returnedId = returned
        return op
    }

    func obs(_ status: String, _ p: Profile, progress: Double? = nil, stamp: String? = nil, usage: Double? = nil) -> Observation {
        Observation(status: status, state: p.canonical(status), progress: progress, cancelRequestedAt: stamp, usage: usage)
    }

    func check(_ p: Profile, _ ops: [Operation], end: JobEnd = .terminal, deadline: Span = .seconds(1)) -> JobCheck {
        Checker(profile: p, cancelDeadline: deadline).check(JobHistory(job: 1, jobId: "j", operations: ops, end: end))
    }

    // MARK: 2

    @Test(arguments: [
        // Queued, running with rising progress, succeeded: legal.
        ([("queued", 0.0), ("running", 10.0), ("running", 40.0), ("succeeded", 100.0)], Verdict.pass),
        // Running back to queued.
        ([("running", 10.0), ("queued", 0.0)], Verdict.fail),
        // Progress goes down.
        ([("running", 50.0), ("running", 20.0)], Verdict.fail),
        // A status the contract does not have.
        ([("running", 10.0), ("paused", 10.0)], Verdict.fail),
    ])
    func legalTransitions(reads: [(String, Double)], expected: Verdict) {
        let ops = reads.enumerated().map { i, r in op(i + 1, .status, Int64(i * 2), Int64(i * 2 + 1), 200, obs(r.0, praison, progress: r.1)) }
        #expect(check(praison, ops).verdicts[.legalTransitions] == expected)
    }

    // MARK: 5

    @Test func duplicateCancelsWithOneTimestampConverge() {
        let ops = [op(1, .cancel, 0, 2, 200, obs("running", beatra, stamp: "T1")), op(2, .cancel, 0, 2, 200, obs("running", beatra, stamp: "T1")),
                   op(3, .status, 3, 4, 200, obs("cancelled", beatra, stamp: "T1"))]
        #expect(check(beatra, ops).verdicts[.duplicateCancelsConverge] == .pass)
    }

    @Test func duplicateCancelsWithTwoTimestampsFail() {
        let ops = [op(1, .cancel, 0, 2, 200, obs("running", beatra, stamp: "T1")), op(2, .cancel, 0, 2, 200, obs("running", beatra, stamp: "T2"))]
        let r = check(beatra, ops)
        #expect(r.verdicts[.duplicateCancelsConverge] == .fail)
        #expect(r.violations.first?.message.contains("cancel_requested_at") == true)
    }

    // MARK: 7

    @Test func replayedKeyReturningTheStoredAnswerPasses() {
        let ops = [op(1, .cancel, 0, 1, 200, obs("cancelled", beatra), key: "k", hash: 7), op(2, .cancel, 2, 3, 200, obs("cancelled", beatra), key: "k", hash: 7)]
        #expect(check(beatra, ops).verdicts[.idempotencyKey] == .pass)
    }

    @Test func replayedKeyExecutedAgainFails() {
        let ops = [op(1, .cancel, 0, 1, 200, obs("running", beatra, stamp: "T1"), key: "k", hash: 7),
                   op(2, .cancel, 2, 3, 200, obs("running", beatra, stamp: "T2"), key: "k", hash: 8)]
        #expect(check(beatra, ops).verdicts[.idempotencyKey] == .fail)
    }

    @Test func replayedSubmitCreatingASecondJobFails() {
        let ops = [op(1, .submit, 0, 1, 202, obs("queued", beatra), key: "k", hash: 1, returned: "a"),
                   op(2, .submit, 2, 3, 202, obs("queued", beatra), key: "k", hash: 2, returned: "b")]
        let r = check(beatra, ops)
        #expect(r.verdicts[.idempotencyKey] == .fail)
        #expect(r.violations.first?.message.contains("created two jobs") == true)
    }

    @Test(arguments: [(422, Verdict.pass), (409, Verdict.pass), (200, Verdict.fail)])
    func differentPayloadUnderAUsedKeyMustBeRejected(http: Int, expected: Verdict) {
        let ops = [op(1, .cancel, 0, 1, 200, obs("cancelled", beatra), key: "k", hash: 1),
                   op(2, .cancel, 2, 3, http, http == 200 ? obs("cancelled", beatra) : nil, key: "k", payload: 2, hash: 2)]
        #expect(check(beatra, ops).verdicts[.idempotencyKey] == expected)
    }

    @Test func timedOutFirstAttemptThenRetryPasses() {
        let ops = [op(1, .cancel, 0, 1, 0, key: "k"), op(2, .cancel, 2, 3, 200, obs("cancelled", beatra), key: "k", hash: 1)]
        #expect(check(beatra, ops).verdicts[.idempotencyKey] == .pass)
    }

    // MARK: 8 credential probes

    @Test(arguments: [
        // Pika documents 401 with its body.
        (IdUse.noToken, 401, "{\"error\":\"Unauthorized\",\"code\":401}", Verdict.pass),
        // A cancel without a token must never succeed.
        (IdUse.noToken, 200, "", Verdict.fail),
        // Pika documents 402 for an unpaid account.
        (IdUse.unpaid, 402, "{\"error\":\"Account has no subscription or subscription expired\",\"code\":402}", Verdict.pass),
        // 403 is not the documented answer.
        (IdUse.unpaid, 403, "{}", Verdict.fail),
    ])
    func credentialProbes(use: IdUse, http: Int, body: String, expected: Verdict) throws {
        var probe = op(1, .cancel, 0, 1, http, http == 200 ? obs("cancelled", pika) : nil, idUse: use)
        probe.errorBody = body.isEmpty ? nil : try JSONParser.parse(body)
        #expect(check(pika, [probe]).verdicts[.errorContract] == expected)
    }

    @Test func refusedProbeThatCancelledTheJobFails() {
        let ops = [op(1, .cancel, 0, 1, 401, idUse: .noToken), op(2, .status, 2, 3, 200, obs("cancelled", pika))]
        #expect(check(pika, ops).violations.contains { $0.message.contains("refused probes") })
    }

    // MARK: 9

    @Test(arguments: [(40.0, 1.0, Verdict.pass), (60.0, 1.0, Verdict.fail), (40.0, 1.5, Verdict.fail)])
    func noWorkAfterCancel(laterProgress: Double, laterUsage: Double, expected: Verdict) {
        let ops = [op(1, .status, 0, 1, 200, obs("cancelled", beatra, progress: 40, usage: 1)),
                   op(2, .status, 2, 3, 200, obs("cancelled", beatra, progress: laterProgress, usage: laterUsage))]
        #expect(check(beatra, ops).verdicts[.noWorkAfterCancel] == expected)
    }

    // MARK: 10

    @Test func cancelledWithinTheDeadlinePasses() {
        let ops = [op(1, .cancel, 0, 1, 200, obs("running", beatra, stamp: "T")), op(2, .status, 500, 501, 200, obs("cancelled", beatra))]
        #expect(check(beatra, ops).verdicts[.boundedCancellation] == .pass)
    }

    @Test func terminalAfterTheDeadlineFails() {
        let ops = [op(1, .cancel, 0, 1, 200, obs("running", beatra, stamp: "T")), op(2, .status, 1500, 1501, 200, obs("cancelled", beatra))]
        #expect(check(beatra, ops).verdicts[.boundedCancellation] == .fail)
    }

    @Test(arguments: [
        // A read sent after the 1 s deadline still shows it running: the target broke the bound.
        (Int64(1002), JobEnd.timedOut, Verdict.fail),
        (Int64(1002), JobEnd.abandoned, Verdict.fail),
        // The last read was sent before the deadline (a --job-timeout shorter than --cancel-deadline, or a run
        // stopped early): the harness gave up, not the target; nothing can be judged.
        (Int64(900), JobEnd.timedOut, Verdict.unknown),
        (Int64(900), JobEnd.abandoned, Verdict.unknown),
    ])
    func neverTerminalAfterAnAcceptedCancel(lastRead: Int64, end: JobEnd, expected: Verdict) {
        let ops = [op(1, .cancel, 0, 1, 200, obs("running", beatra, stamp: "T")), op(2, .status, lastRead, lastRead + 1, 200, obs("running", beatra))]
        let r = check(beatra, ops, end: end)
        #expect(r.verdicts[.boundedCancellation] == expected)
        if expected == .fail { #expect(r.violations.first?.message.contains("#2, sent 1001 ms later, still showed \"running\"") == true) }
    }

    /// Every read after the accepted cancel answered 404: the job's state after the cancel was never seen, so
    /// the verdict is unknown, never a message about a state nobody read.
    @Test func everyReadAfterTheCancelFailingIsUnknown() {
        let ops = [op(1, .status, 0, 1, 200, obs("running", beatra)), op(2, .cancel, 2, 3, 200, obs("running", beatra, stamp: "T")),
                   op(3, .status, 500, 501, 404), op(4, .status, 1100, 1101, 404)]
        let r = check(beatra, ops, end: .timedOut)
        #expect(r.verdicts[.boundedCancellation] == .unknown)
        #expect(r.violations.isEmpty)
    }

    // MARK: 11

    @Test func callbacksArriveExactlyOnceWithTheFinalState() {
        var ledger = CallbackLedger()
        let final = op(9, .status, 0, 1, 200, obs("succeeded", beatra))
        ledger.expect(job: 1, jobId: "a", finalRead: final, received: ["succeeded"])             // judged at once: fine
        ledger.expect(job: 2, jobId: "b", finalRead: final, received: ["succeeded", "succeeded"]) // judged at once: twice
        ledger.expect(job: 3, jobId: "c", finalRead: final, received: [])                         // waits
        ledger.expect(job: 4, jobId: "d", finalRead: final, received: [])                         // waits, never comes
        #expect(ledger.count == 2)
        // "z" is a job the harness never knew (a submit answered 5xx after executing): ignored.
        ledger.finish(received: ["c": ["cancelled"]], late: ["a": ["succeeded"], "z": ["succeeded"]])
        let (verdicts, violations) = ledger.drain()
        #expect(verdicts == [.pass, .fail, .fail, .fail, .fail])
        #expect(violations.map { $0.jobId ?? "" } == ["b", "c", "d", "a"])
        #expect(ledger.count == 0)
    }
}

extension CheckerRaceTests {
    /// Found by the fault matrix (beatra, seed 1, slow noise): the key-payload probe's second cancel, refused
    /// with 422 after a read had shown the job cancelled, is invariant 7's to judge, not invariant 4's.
    @Test func keyReuseProbeAfterTerminalIsNotACancelOfAFinishedJob() {
        let ops = [op(1, .cancel, 0, 200, 200, obs("running", beatra, stamp: "T"), key: "k", hash: 1),
                   op(2, .status, 150, 160, 200, obs("cancelled", beatra, stamp: "T")),
                   op(3, .cancel, 210, 220, 422, key: "k", payload: 2)]
        let r = check(beatra, ops)
        #expect(r.verdicts[.cancelOfFinishedJob] == nil)
        #expect(r.verdicts[.idempotencyKey] == .pass)
        #expect(r.violations.isEmpty)
    }
}
