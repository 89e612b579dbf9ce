import Testing
@testable import LoadModel

/// `--nemesis FAULT[:OPTION]`: each kind, its option, and every mistake named.
@Suite struct NemesisFaultTests {
    @Test(arguments: [
        ("pause", "pause"),
        ("kill", "kill"),
        ("restart", "restart:5s"),              // the default grace
        ("restart:250ms", "restart:250ms"),
        ("partition", "partition:blackhole"),   // the default partition hangs
        ("partition:refuse", "partition:refuse"),
        ("latency", "latency:200ms"),
        ("latency:1500ms", "latency:1500ms"),
        ("reset", "reset:0.5"),
        ("reset:1", "reset:1"),
        ("reset:5%", "reset:0.05"),             // a percentage, as the proxy's --reset takes
    ])
    func parsesAndSpellsBack(text: String, spelled: String) throws {
        let f = try NemesisFault.parse(text)
        #expect(f.description == spelled)
        #expect(try NemesisFault.parse(spelled) == f)  // what plan.json records reads back the same
    }

    @Test(arguments: [
        ("explode", "unknown fault 'explode'"),
        ("kill:9", "'kill' takes no option"),
        ("partition:drop", "expected partition:blackhole or partition:refuse"),
        ("reset:0", "above 0 and at most 1"),
        ("reset:1.5", "above 0 and at most 1"),
        ("latency:fast", "--nemesis latency: expected a duration"),
        ("restart:0s", "out of range"),
    ])
    func refusesWithTheReason(text: String, reason: String) {
        #expect {
            _ = try NemesisFault.parse(text)
        } throws: { error in
            (error as? UsageError)?.message.contains(reason) == true
        }
    }

    @Test func kindsSayWhatTheyNeed() throws {
        #expect(try NemesisFault.parse("kill").needsCommand && !NemesisFault.parse("kill").needsProxy)
        #expect(try NemesisFault.parse("restart").needsCommand)
        #expect(try !NemesisFault.parse("pause").needsCommand && !NemesisFault.parse("pause").needsProxy)
        for k in ["partition", "latency", "reset"] { #expect(try NemesisFault.parse(k).needsProxy) }
    }
}

/// The schedule is a pure plan: the same seed gives the same windows; each gap and length stays within ½–1½
/// of its mean; every listed fault is drawn.
@Suite struct NemesisScheduleTests {
    let faults = [NemesisFault(kind: .pause), NemesisFault(kind: .kill), NemesisFault(kind: .partition)]

    @Test func sameSeedSameWindows() {
        var a = NemesisSchedule(faults: faults, interval: .seconds(2), duration: .seconds(1), seed: 42)
        var b = NemesisSchedule(faults: faults, interval: .seconds(2), duration: .seconds(1), seed: 42)
        var c = NemesisSchedule(faults: faults, interval: .seconds(2), duration: .seconds(1), seed: 43)
        let wa = (0..<20).map { _ in a.next() }, wb = (0..<20).map { _ in b.next() }, wc = (0..<20).map { _ in c.next() }
        #expect(wa == wb)
        #expect(wa != wc)
        #expect(wa.map(\.number) == Array(1...20))
    }

    @Test func gapsAndLengthsStayNearTheirMeans() {
        var s = NemesisSchedule(faults: faults, interval: .seconds(2), duration: .milliseconds(500), seed: 7)
        var seen = Set<NemesisFault.Kind>()
        for _ in 0..<300 {
            let w = s.next()
            #expect(w.gap >= .seconds(1) && w.gap <= .seconds(3))
            #expect(w.length >= .milliseconds(250) && w.length <= .milliseconds(750))
            seen.insert(w.fault.kind)
        }
        #expect(seen == [.pause, .kill, .partition])
    }
}

/// A careful client: a submit answered indeterminate is sent again under the same Idempotency-Key, and once one
/// is answered, a replay shows whether the key stored the job it made.
@Suite struct SubmitRetryTests {
    let estimate = LifecycleEstimates(queue: .milliseconds(30), run: .milliseconds(100), life: .milliseconds(130))
    func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }
    func script(retry: Bool, point: CancelPoint = .none) -> JobScript {
        JobScript(plan: JobPlan(index: 0, point: point), settings: .init(pollInterval: .milliseconds(20), timeout: .seconds(5)),
                  rules: .init(retrySubmits: retry))
    }

    @Test func aLostSubmitAnswerIsRetriedUnderTheSameKeyThenVerified() {
        var s = script(retry: true)
        let first = s.begin(now: t(0))
        #expect(first.map(\.key) == [.shared(0)])
        #expect(s.completed(.submit, idUse: .job, outcome: .info, observation: nil, now: t(5), estimates: estimate).isEmpty)
        #expect(s.end == .active)
        #expect(s.nextWake == t(105))  // at least 100 ms, then doubling
        #expect(s.wake(now: t(50)).isEmpty)
        let retry = s.wake(now: t(105))
        #expect(retry.map(\.kind) == [.submit] && retry.map(\.key) == [.shared(0)])
        #expect(s.completed(.submit, idUse: .job, outcome: .info, observation: nil, now: t(110), estimates: estimate).isEmpty)
        #expect(s.nextWake == t(310))
        _ = s.wake(now: t(310))
        let after = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j1", now: t(320), estimates: estimate)
        // The verifying replay under the same key, then the job's first read.
        #expect(after.map(\.kind) == [.submit, .status])
        #expect(after[0].key == .shared(0))
        #expect(s.jobId == "j1" && s.submitRetries == 2)
    }

    @Test func retriesAreBoundedThenTheSubmitHasFailed() {
        var s = script(retry: true)
        _ = s.begin(now: t(0))
        var now: Int64 = 0
        for _ in 0..<JobScript.submitRetries {
            #expect(s.completed(.submit, idUse: .job, outcome: .info, observation: nil, now: t(now), estimates: estimate).isEmpty)
            now = s.nextWake!.nanoseconds / 1_000_000
            #expect(s.wake(now: t(now)).map(\.kind) == [.submit])
        }
        _ = s.completed(.submit, idUse: .job, outcome: .info, observation: nil, now: t(now + 1), estimates: estimate)
        #expect(s.end == .submitFailed)
    }

    @Test func withoutAKeyALostSubmitIsNotSentAgain() {
        var s = script(retry: false)
        #expect(s.begin(now: t(0)).map(\.key) == [.fresh])
        _ = s.completed(.submit, idUse: .job, outcome: .info, observation: nil, now: t(5), estimates: estimate)
        #expect(s.end == .submitFailed)
    }

    @Test func aDefiniteRefusalIsNotRetried() {
        var s = script(retry: true)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .fail, observation: nil, now: t(5), estimates: estimate)
        #expect(s.end == .submitFailed)
    }

    @Test func anAnsweredSubmitNeedsNoVerifyingReplay() {
        var s = script(retry: true)
        _ = s.begin(now: t(0))
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(5), estimates: estimate)
        #expect(out.map(\.kind) == [.status])
    }
}

/// A refused connection delivered nothing: any submit may be sent again, and needs no verifying replay.
@Suite struct UndeliveredSubmitTests {
    let estimate = LifecycleEstimates(queue: .milliseconds(30), run: .milliseconds(100), life: .milliseconds(130))
    func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }

    @Test func aRefusedConnectionIsRetriedEvenWithoutAKey() {
        var s = JobScript(plan: JobPlan(index: 0, point: .none), settings: .init(pollInterval: .milliseconds(20), timeout: .seconds(5)))
        _ = s.begin(now: t(0))
        #expect(s.completed(.submit, idUse: .job, outcome: .info, observation: nil, undelivered: true, now: t(1), estimates: estimate).isEmpty)
        #expect(s.end == .active)
        #expect(s.wake(now: s.nextWake!).map(\.kind) == [.submit])
        let after = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(200), estimates: estimate)
        #expect(after.map(\.kind) == [.status])  // nothing was delivered before: nothing to verify
    }

    @Test func aKeyedSubmitThatMayHaveActedIsVerifiedEvenIfALaterOneWasRefused() {
        var s = JobScript(plan: JobPlan(index: 0, point: .none), settings: .init(pollInterval: .milliseconds(20), timeout: .seconds(5)),
                          rules: .init(retrySubmits: true))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .info, observation: nil, now: t(1), estimates: estimate)   // a reset
        _ = s.wake(now: s.nextWake!)
        _ = s.completed(.submit, idUse: .job, outcome: .info, observation: nil, undelivered: true, now: t(150), estimates: estimate)
        _ = s.wake(now: s.nextWake!)
        let after = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(500), estimates: estimate)
        #expect(after.map(\.kind) == [.submit, .status])
    }
}

/// "No such job" for a job the retention keeps: lost at once once a read showed it; before any read, only
/// after a while (an API may be slow to list a new job).
@Suite struct NoSuchJobTests {
    let estimate = LifecycleEstimates(queue: .milliseconds(30), run: .milliseconds(100), life: .milliseconds(130))
    func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }
    func script() -> JobScript {
        var kept = Retention()
        kept.declared = true
        return JobScript(plan: JobPlan(index: 0, point: .none), settings: .init(pollInterval: .milliseconds(20), timeout: .seconds(30)),
                         rules: .init(retention: kept))
    }
    func notFound(_ s: inout JobScript, at ms: Int64) -> [RequestIntent] {
        s.completed(.status, idUse: .job, outcome: .fail, observation: nil, gone: true, now: t(ms), estimates: estimate)
    }

    @Test func aJobShownThenUnknownIsLostAtOnce() {
        var s = script()
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        _ = s.completed(.status, idUse: .job, outcome: .ok, observation: Observation(status: "queued", state: .queued), now: t(2), estimates: estimate)
        _ = s.wake(now: t(22))
        _ = notFound(&s, at: 23)
        #expect(s.end == .gone)
    }

    @Test func aJobNeverShownIsReadAgainForASecond() {
        var s = script()
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        _ = notFound(&s, at: 2)
        #expect(s.end == .active && s.nextWake == t(22))
        _ = s.wake(now: t(1001))
        _ = notFound(&s, at: 1002)
        #expect(s.end == .gone)
    }
}
