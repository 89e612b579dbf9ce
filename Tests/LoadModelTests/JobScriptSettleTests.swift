import Testing
@testable import LoadModel

/// Settle reads after the end, "gone" answers under a retention rule, and the unknown-id read probe.
@Suite struct JobScriptSettleTests {
    let poll = Span.milliseconds(20)
    let estimate = LifecycleEstimates()

    func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }

    func script(_ point: CancelPoint, settle: Int, rules: JobScript.Rules = .init()) -> JobScript {
        var s = JobScript(plan: JobPlan(index: 0, point: point, fraction: 0.5),
                          settings: .init(pollInterval: poll, timeout: .seconds(5), cancelDeadline: .seconds(1), settleReads: settle),
                          rules: rules)
        _ = s.begin(now: t(0))
        return s
    }

    mutating func submitted(_ s: inout JobScript) -> [RequestIntent] {
        s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
    }

    func read(_ s: inout JobScript, _ status: String, _ state: CanonicalState, at ms: Int64) -> [RequestIntent] {
        s.completed(.status, idUse: .job, outcome: .ok, observation: Observation(status: status, state: state), now: t(ms), estimates: estimate)
    }

    @Test mutating func settleReadsFollowTheVerifyingRead() {
        var s = script(.none, settle: 2)
        _ = submitted(&s)
        #expect(read(&s, "succeeded", .succeeded, at: 2).map(\.kind) == [.status], "the verifying read goes at once")
        #expect(read(&s, "succeeded", .succeeded, at: 3).isEmpty, "the next read waits a poll interval")
        #expect(s.nextWake == t(23))
        #expect(s.wake(now: t(23)).map(\.kind) == [.status])
        #expect(read(&s, "succeeded", .succeeded, at: 24).isEmpty)
        #expect(s.nextWake == t(64), "each next settle read twice as far")
        #expect(s.wake(now: t(64)).map(\.kind) == [.status])
        #expect(read(&s, "succeeded", .succeeded, at: 65).isEmpty)
        #expect(s.end == .terminal, "two settle reads, then the end")
    }

    @Test mutating func noSettleReadsEndsAfterTheVerifyingRead() {
        var s = script(.none, settle: 0)
        _ = submitted(&s)
        #expect(read(&s, "succeeded", .succeeded, at: 2).map(\.kind) == [.status])
        #expect(read(&s, "succeeded", .succeeded, at: 3).isEmpty)
        #expect(s.end == .terminal)
    }

    @Test mutating func aLaterLiveReadDoesNotRestartPolling() {
        // cancelled, then (a buggy server) running: the settle reads go on, then the job ends.
        var s = script(.none, settle: 1)
        _ = submitted(&s)
        #expect(read(&s, "cancelled", .cancelled, at: 2).map(\.kind) == [.status])
        #expect(read(&s, "running", .running, at: 3).isEmpty)
        #expect(s.wake(now: t(23)).map(\.kind) == [.status], "one settle read, not polling")
        #expect(read(&s, "running", .running, at: 24).isEmpty)
        #expect(s.end == .terminal)
    }

    @Test mutating func goneAfterAnAcceptedCancelIsTheEnd() {
        var s = script(.afterSubmit, settle: 1, rules: .init(retention: Retention(goneAfterCancel: true)))
        let out = submitted(&s)
        #expect(out.map(\.kind) == [.cancel, .status])
        _ = s.completed(.cancel, idUse: .job, outcome: .ok, observation: nil, now: t(2), estimates: estimate)
        var pending = s.completed(.status, idUse: .job, outcome: .fail, observation: nil, gone: true, now: t(3), estimates: estimate)
        #expect(s.isOver)
        // Everything after answers 404 (gone): the late duplicate cancel, the verifying read, the settle read.
        var now: Int64 = 3
        while s.end == .active, now < 500 {
            now += 1
            let due = pending
            pending = s.wake(now: t(now))
            for i in due {
                pending += s.completed(i.kind, idUse: i.idUse, outcome: .fail, observation: nil, gone: true, now: t(now), estimates: estimate)
            }
        }
        #expect(s.end == .terminal)
    }

    @Test mutating func goneWithoutACancelIsAVanishedJob() {
        var s = script(.none, settle: 2, rules: .init(retention: Retention(goneAfterCancel: true)))
        _ = submitted(&s)
        _ = read(&s, "running", .running, at: 2)
        _ = s.wake(now: t(22))
        #expect(s.completed(.status, idUse: .job, outcome: .fail, observation: nil, gone: true, now: t(23), estimates: estimate).isEmpty)
        #expect(s.end == .gone)
    }

    @Test mutating func withoutARetentionA404IsJustAFailedRead() {
        var s = script(.none, settle: 2)
        _ = submitted(&s)
        _ = s.completed(.status, idUse: .job, outcome: .fail, observation: nil, gone: true, now: t(2), estimates: estimate)
        #expect(s.end == .active)
        #expect(s.nextWake == t(22))
    }

    @Test mutating func unknownIdProbeGoesToTheCallsTheProfileNames() {
        var s = script(.unknownId, settle: 0, rules: .init(unknownIdCalls: [.cancel, .status]))
        let out = submitted(&s)
        #expect(out.filter { $0.idUse == .unknown }.map(\.kind) == [.cancel, .status])
        // The probe read's answer does not count as the job's own read.
        _ = s.completed(.status, idUse: .unknown, outcome: .fail, observation: nil, now: t(2), estimates: estimate)
        #expect(s.end == .active)
    }
}
