import Testing
@testable import LoadModel

/// Review of profile format 2 (commits fe0afb3..cd6db0f): each test reproduces a defect found by review, on a
/// server that keeps its contract (so a violation here is a false alarm) or a history the rules misjudge.
@Suite struct ReviewFormat2Tests {
    func profile(_ text: String) throws -> Profile { try Profile.parse(Array(text.utf8)) }

    /// An OGC-like API whose contract answers a cancel of a finished job with `cancelTerminal`, with `retention`.
    static func api(cancelTerminal: String, retention: String) -> String {
        """
        {"format":2,"name":"r","submit":{"method":"POST","path":"/jobs","id":{"header":"Location","pattern":"/jobs/{id}"}},
         "status":{"method":"GET","path":"/jobs/{id}"},"cancel":{"method":"DELETE","path":"/jobs/{id}"},
         "fields":{"status":"status"},
         "states":{"accepted":"queued","running":"running","successful":"succeeded","failed":"failed","dismissed":"cancelled"},
         "retention":\(retention),
         "contract":{"cancelTerminal":{"status":\(cancelTerminal)},"unknownId":{"status":404}}}
        """
    }

    func op(_ seq: Int, _ kind: OperationKind, _ start: Int64, _ http: Int, _ status: String? = nil, _ p: Profile) -> Operation {
        Operation(seq: seq, kind: kind, idUse: .job, requestedId: "j", invoke: Instant(nanoseconds: start * 1_000_000),
                  complete: Instant(nanoseconds: (start + 1) * 1_000_000), httpStatus: http,
                  observation: status.map { Observation(status: $0, state: p.canonical($0)) })
    }

    func check(_ p: Profile, _ ops: [Operation]) -> JobCheck {
        Checker(profile: p, cancelDeadline: .seconds(1)).check(JobHistory(job: 1, jobId: "j", operations: ops))
    }

    /// Invariant 12 counts a cancel answered 404 as "no such job" even where the contract says 404 is the answer
    /// to a cancel of a finished job, and reads before and after show the job still there. Live: a server whose
    /// DELETE of a finished job answers 404 and whose jobs stay readable, profile `"retention": {"status": 404}`,
    /// `cancelTerminal` 404: 15 of 20 jobs "lost" (exit 1).
    @Test func cancelOfAFinishedJobAnsweredAsTheContractSaysIsNotALostJob() throws {
        let p = try profile(Self.api(cancelTerminal: "404", retention: #"{"status":404}"#))
        let r = check(p, [op(1, .status, 0, 200, "running", p), op(2, .status, 2, 200, "successful", p),
                          op(3, .cancel, 4, 404, nil, p), op(4, .status, 6, 200, "successful", p)])
        #expect(r.violations.isEmpty, "\(r.violations.map(\.message))")
    }

    /// Invariant 4 ignores `"afterEnd": "gone"`: a finished job may be removed at any moment, so a cancel of a job
    /// read terminal answered with the retention's "gone" status is what the contract allows. Live: a server that
    /// removes a job's results once they are read terminal, profile `"retention": {"afterEnd": "gone"}`: exit 1.
    @Test func cancelOfAFinishedJobThatWasRemovedIsNotAViolationWhereAfterEndIsGone() throws {
        let p = try profile(Self.api(cancelTerminal: "200", retention: #"{"afterEnd":"gone"}"#))
        let r = check(p, [op(1, .status, 0, 200, "running", p), op(2, .status, 2, 200, "successful", p),
                          op(3, .cancel, 4, 404, nil, p), op(4, .status, 6, 404, nil, p)])
        #expect(r.verdicts[.cancelOfFinishedJob] != .fail, "\(r.violations.map(\.message))")
    }

    /// A `refused` rule's body is documented as "matched as a subset", but nested objects must be equal, in
    /// order: a 2xx the contract calls refused is then taken as accepted (here a guaranteed cancel that the
    /// API refused, so the job's success is blamed on the API).
    @Test func refusedRuleMatchesNestedFieldsAsASubset() throws {
        let rule = AnswerRule(status: .success, body: try JSONParser.parse(Array(#"{"error":{"code":"NOT_CANCELLABLE"}}"#.utf8)))
        let answer = try JSONParser.parse(Array(#"{"error":{"message":"job is finishing","code":"NOT_CANCELLABLE"}}"#.utf8))
        #expect(rule.matches(status: 200, body: answer))
    }

    /// The script ends a job `gone` (not terminal) when a read answered "gone" arrives before the answer of a
    /// cancel that was already sent and is then accepted: the job was removed by that cancel, as the retention
    /// allows. (After-submit sends the cancel and the first read together; their answers can come in either
    /// order.) Such jobs count against --min-terminal on a correct server, and the message names no reason.
    @Test func goneReadBeforeTheCancelsAnswerIsStillTheEnd() {
        let e = LifecycleEstimates()
        func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }
        var s = JobScript(plan: JobPlan(index: 0, point: .afterSubmit, fraction: 0.5),
                          settings: .init(pollInterval: .milliseconds(20), timeout: .seconds(5), cancelDeadline: .seconds(1), settleReads: 0),
                          rules: .init(retention: Retention(goneAfterCancel: true)))
        _ = s.begin(now: t(0))
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: e)
        #expect(out.map(\.kind) == [.cancel, .status])
        // The read's 404 arrives first, then the cancel's 200.
        var pending = s.completed(.status, idUse: .job, outcome: .fail, observation: nil, gone: true, now: t(2), estimates: e)
        pending += s.completed(.cancel, idUse: .job, outcome: .ok, observation: nil, now: t(3), estimates: e)
        var now: Int64 = 3
        while s.end == .active, now < 500 {
            now += 1
            let due = pending
            pending = s.wake(now: t(now))
            for i in due { pending += s.completed(i.kind, idUse: i.idUse, outcome: .fail, observation: nil, gone: true, now: t(now), estimates: e) }
        }
        #expect(s.end == .terminal)
    }

    /// A path with a fragment was accepted: `#…` is never sent, and the `auth.query` token, appended after it,
    /// was silently dropped (seen live: the server got `GET /jobs/j1` without `api_key`).
    @Test func aPathWithAFragmentIsRefused() throws {
        let text = Self.api(cancelTerminal: "200", retention: "{}").replacingOccurrences(of: #""path":"/jobs/{id}"}"#, with: #""path":"/jobs/{id}#frag"}"#)
        #expect(text.contains("#frag"))
        #expect(throws: DataError.self) { try profile(text) }
        do { _ = try profile(text) } catch let e as DataError { #expect(e.path == "$.status.path", "\(e)") }
    }

    /// Invariant 14 judges the history after same-key replays are removed, keeping the first *invoked* of the
    /// concurrent same-key cancels (duplicate-same-key). Which one the server executes depends on arrival: a
    /// server that answers a same-key request still in flight 409 (the IETF Idempotency-Key draft does) may
    /// answer the first-invoked one 409 and execute the other; the executed one is dropped as a "replay", the
    /// 409 is left as the only cancel, and the job reading cancelled is blamed on the API.
    @Test func aConcurrentSameKeyCancelAnswered409DoesNotMakeTheCancelRefused() throws {
        let p = try loadProfile("beatra")
        func cancel(_ seq: Int, _ start: Int64, _ end: Int64, _ http: Int, _ status: String?) -> Operation {
            var o = Operation(seq: seq, kind: .cancel, idUse: .job, requestedId: "j", invoke: Instant(nanoseconds: start * 1_000),
                              complete: Instant(nanoseconds: end * 1_000), httpStatus: http,
                              observation: status.map { Observation(status: $0, state: p.canonical($0)) })
            o.idempotencyKey = "k1"
            return o
        }
        let r = check(p, [op(1, .status, 0, 200, "running", p),
                          cancel(2, 2000, 4000, 409, nil), cancel(3, 2001, 3500, 200, "cancelled"),
                          op(4, .status, 5, 200, "cancelled", p)])
        #expect(r.verdicts[.refusedCancelChangesNothing] != .fail, "\(r.violations.map(\.message))")
    }

    /// `"id": {"header": …, "pattern": …, "body": …}` (or with `"client": true`) was accepted and the second
    /// source silently ignored; unknown keys are errors elsewhere, so a contradiction is one too.
    @Test(arguments: [#""body":"id""#, #""client":true"#])
    func anIdWithTwoSourcesIsRefused(_ extra: String) throws {
        let text = Self.api(cancelTerminal: "200", retention: "{}")
            .replacingOccurrences(of: #""pattern":"/jobs/{id}"}"#, with: #""pattern":"/jobs/{id}","# + extra + "}")
        #expect(text.contains(extra))
        #expect(throws: DataError.self) { try profile(text) }
    }
}
