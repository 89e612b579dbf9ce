import Testing
@testable import LoadModel

/// Builds histories by hand: each operation is (kind, start ms, end ms, status, api status...).
struct HistoryBuilder {
    var ops: [Operation] = []
    var seq = 0
    let profile: Profile

    mutating func add(_ kind: OperationKind, _ start: Int64, _ end: Int64, _ http: Int, _ status: String? = nil,
                      idUse: IdUse = .job, id: String = "j1", charged: Double? = nil, refunded: Double? = nil,
                      body: String? = nil) {
        seq += 1
        var o: Observation?
        if let status, (200...299).contains(http) {
            o = Observation(status: status, state: profile.canonical(status), charged: charged, refunded: refunded)
        }
        let errorBody = body.flatMap { try? JSONParser.parse($0) }
        ops.append(Operation(seq: seq, kind: kind, idUse: idUse, requestedId: idUse == .missing ? "" : id,
                             invoke: Instant(nanoseconds: start * 1_000_000), complete: Instant(nanoseconds: end * 1_000_000),
                             httpStatus: http, observation: o, errorBody: (200...299).contains(http) ? nil : errorBody))
    }

    var history: JobHistory { JobHistory(job: 1, jobId: "j1", operations: ops) }
}

@Suite struct CheckerTests {
    let pika: Profile
    let beatra: Profile
    let praison: Profile

    init() throws {
        pika = try loadProfile("pika")
        beatra = try loadProfile("beatra")
        praison = try loadProfile("praison")
    }

    func check(_ p: Profile, _ build: (inout HistoryBuilder) -> Void) -> JobCheck {
        var b = HistoryBuilder(profile: p)
        build(&b)
        return Checker(profile: p).check(b.history)
    }

    // MARK: 1. terminal stays terminal

    @Test func terminalThenSameStatusPasses() {
        let r = check(pika) { b in
            b.add(.status, 0, 1, 200, "created"); b.add(.status, 2, 3, 200, "completed"); b.add(.status, 4, 5, 200, "completed")
        }
        #expect(r.verdicts[.terminalStaysTerminal] == .pass)
        #expect(r.violations.isEmpty)
    }

    @Test func terminalThenRunningFails() {
        let r = check(pika) { b in
            b.add(.status, 0, 1, 200, "completed"); b.add(.status, 2, 3, 200, "progress")
        }
        #expect(r.verdicts[.terminalStaysTerminal] == .fail)
        #expect(r.violations.first?.evidence.map(\.seq) == [1, 2])
    }

    @Test func terminalStatusChangingNameFails() {
        // moderated and failed are both canonically failed, but the API's own status changed.
        let r = check(pika) { b in b.add(.status, 0, 1, 200, "moderated"); b.add(.status, 2, 3, 200, "failed") }
        #expect(r.verdicts[.terminalStaysTerminal] == .fail)
    }

    @Test func overlappingReadsAreNotOrdered() {
        // The second read began before the first ended: no order, so no violation.
        let r = check(pika) { b in b.add(.status, 0, 10, 200, "completed"); b.add(.status, 5, 12, 200, "progress") }
        #expect(r.verdicts[.terminalStaysTerminal] == .pass)
    }

    // MARK: 3. acknowledged cancel sticks

    @Test func acknowledgedCancelThenCompletedFails() {
        let r = check(praison) { b in
            b.add(.status, 0, 1, 200, "running"); b.add(.cancel, 2, 3, 200, "cancelled"); b.add(.status, 4, 5, 200, "succeeded")
        }
        #expect(r.verdicts[.acknowledgedCancelSticks] == .fail)
        #expect(r.violations.first?.invariant == .acknowledgedCancelSticks)
    }

    @Test func acknowledgedCancelThenStillRunningIsNotAViolation() {
        // PraisonAI: "may take a moment to stop" — a read still showing running is not a completed state.
        let r = check(praison) { b in
            b.add(.cancel, 0, 1, 200, "cancelled"); b.add(.status, 2, 3, 200, "running"); b.add(.status, 4, 5, 200, "cancelled")
        }
        #expect(r.verdicts[.acknowledgedCancelSticks] == .pass)
    }

    @Test func cancelRequestIsNotAnAcknowledgement() {
        // beatra best-effort: running + cancel_requested_at, then the task finished first.
        let r = check(beatra) { b in
            b.add(.cancel, 0, 1, 200, "running", charged: 1, refunded: 0); b.add(.status, 2, 3, 200, "succeeded", charged: 1, refunded: 0)
        }
        #expect(r.verdicts[.acknowledgedCancelSticks] == nil)
        #expect(r.violations.isEmpty)
    }

    @Test func indeterminateCancelMayTakeEffectLater() {
        let r = check(praison) { b in
            b.add(.status, 0, 1, 200, "running"); b.add(.cancel, 2, 5000, 0); b.add(.status, 6000, 6001, 200, "cancelled")
        }
        #expect(r.violations.isEmpty)
    }

    // MARK: 4. cancel of a finished job

    @Test(arguments: [
        // PraisonAI: 400 for a completed run is the contract.
        ("praison", 400, "", nil as Verdict?),
        // PraisonAI: 200 for a completed run breaks it.
        ("praison", 200, "cancelled", Verdict.fail),
        // Pika: 200 with the unchanged status.
        ("pika", 200, "completed", nil),
        // Pika: 200 claiming cancelled for a completed job.
        ("pika", 200, "cancelled", Verdict.fail),
        // beatra: 2xx with the same final state.
        ("beatra", 200, "succeeded", nil),
        // beatra: 409 is not the idempotent answer.
        ("beatra", 409, "", Verdict.fail),
    ])
    func cancelOfFinishedJob(profile: String, http: Int, status: String, expected: Verdict?) throws {
        let p = try loadProfile(profile)
        let done = p.name == "pika" ? "completed" : "succeeded"
        let r = check(p) { b in
            b.add(.status, 0, 1, 200, done, charged: 1, refunded: 0)
            b.add(.cancel, 2, 3, http, status.isEmpty ? nil : status, charged: 1, refunded: 0)
        }
        #expect(r.verdicts[.cancelOfFinishedJob] == (expected ?? .pass))
    }

    @Test func beatraCancelOfFinishedJobMustKeepBilling() {
        let r = check(beatra) { b in
            b.add(.status, 0, 1, 200, "cancelled", charged: 2, refunded: 1)
            b.add(.cancel, 2, 3, 200, "cancelled", charged: 2, refunded: 2)
        }
        #expect(r.verdicts[.cancelOfFinishedJob] == .fail)
        #expect(r.violations.contains { $0.message.contains("changed billing") })
    }

    @Test func refusedAsCompletedButStillRunningFails() {
        let r = check(praison) { b in b.add(.cancel, 0, 1, 400); b.add(.status, 2, 3, 200, "running") }
        #expect(r.verdicts[.cancelOfFinishedJob] == .fail)
    }

    @Test func timeoutOnCancelOfFinishedJobIsUnknown() {
        let r = check(praison) { b in b.add(.status, 0, 1, 200, "succeeded"); b.add(.cancel, 2, 3, 503) }
        #expect(r.verdicts[.cancelOfFinishedJob] == .unknown)
        #expect(r.violations.isEmpty)
    }

    // MARK: 6. no double refund

    @Test(arguments: [
        // Refund once, then unchanged: fine.
        ([(1.0, 0.0, "running"), (1.0, 0.4, "cancelled"), (1.0, 0.4, "cancelled")], Verdict.pass),
        // Refund grows after it happened: a second refund.
        ([(1.0, 0.4, "cancelled"), (1.0, 0.8, "cancelled")], Verdict.fail),
        // More refunded than charged.
        ([(1.0, 1.5, "cancelled")], Verdict.fail),
        // A refund on a succeeded task.
        ([(1.0, 0.1, "succeeded")], Verdict.fail),
    ])
    func refunds(states: [(Double, Double, String)], expected: Verdict) {
        let r = check(beatra) { b in
            for (i, s) in states.enumerated() { b.add(.status, Int64(i * 2), Int64(i * 2 + 1), 200, s.2, charged: s.0, refunded: s.1) }
        }
        #expect(r.verdicts[.noDoubleRefund] == expected)
    }

    // MARK: 8. error contract

    @Test(arguments: [
        // Pika's documented 404 body, with the id filled in.
        (IdUse.unknown, 404, "{\"error\":\"Unable to locate job nope\",\"code\":404}", Verdict.pass),
        // Right status, wrong text.
        (IdUse.unknown, 404, "{\"error\":\"not found\",\"code\":404}", Verdict.fail),
        // Wrong status for an unknown id.
        (IdUse.unknown, 400, "{\"error\":\"x\"}", Verdict.fail),
        // Pika's documented 400 for a missing id.
        (IdUse.missing, 400, "{\"error\":\"Query param jobid not provided\",\"code\":400}", Verdict.pass),
        // A 5xx is Jepsen's info: indeterminate, since a flaky server answers 5xx to good and bad input alike.
        (IdUse.missing, 500, "{}", Verdict.unknown),
        // No answer at all: unknown.
        (IdUse.unknown, 0, "", Verdict.unknown),
    ])
    func errorContract(use: IdUse, http: Int, body: String, expected: Verdict) {
        let r = check(pika) { b in b.add(.cancel, 0, 1, http, idUse: use, id: "nope", body: body) }
        #expect(r.verdicts[.errorContract] == expected)
    }

    @Test func silentContractAcceptsAnyRefusal() {
        // PraisonAI documents no missing-id answer: any 4xx is fine; a 500 decides nothing.
        let ok = check(praison) { b in b.add(.cancel, 0, 1, 405, idUse: .missing) }
        #expect(ok.verdicts[.errorContract] == .pass)
        let flaky = check(praison) { b in b.add(.cancel, 0, 1, 500, idUse: .missing) }
        #expect(flaky.verdicts[.errorContract] == .unknown)
        #expect(flaky.violations.isEmpty)
    }

    @Test func verdictsMergeFailOverUnknownOverPass() {
        #expect(Verdict.pass.merged(with: .unknown) == .unknown)
        #expect(Verdict.unknown.merged(with: .fail) == .fail)
        #expect(Verdict.fail.merged(with: .pass) == .fail)
    }
}
