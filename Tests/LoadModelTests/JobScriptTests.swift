import Testing
@testable import LoadModel

@Suite struct JobScriptTests {
    let poll = Span.milliseconds(20)
    let estimate = Span.milliseconds(100)

    func script(_ point: CancelPoint, copies: Int = 1) -> JobScript {
        JobScript(plan: JobPlan(index: 0, point: point, fraction: 0.5, copies: copies), pollInterval: poll, timeout: .seconds(5))
    }

    func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }

    func read(_ s: inout JobScript, _ status: String, _ state: CanonicalState, at ms: Int64) -> [RequestIntent] {
        s.completed(.status, idUse: .job, outcome: .ok, observation: Observation(status: status, state: state), now: t(ms), runEstimate: estimate)
    }

    @Test func neverCancelledJobPollsToTerminalThenVerifiesOnce() {
        var s = script(.none)
        #expect(s.begin(now: t(0)).map(\.kind) == [.submit])
        let afterSubmit = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        #expect(afterSubmit.map(\.kind) == [.status])
        #expect(read(&s, "queued", .queued, at: 2).isEmpty)
        #expect(s.nextWake == t(22))
        #expect(s.wake(now: t(22)).map(\.kind) == [.status])
        let verify = read(&s, "succeeded", .succeeded, at: 23)
        #expect(verify.map(\.kind) == [.status])
        #expect(read(&s, "succeeded", .succeeded, at: 24).isEmpty)
        #expect(s.end == .terminal)
        #expect(!s.cancelSent)
    }

    @Test func afterSubmitCancelsBeforeAnyRead() {
        var s = script(.afterSubmit)
        _ = s.begin(now: t(0))
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        #expect(out.map(\.kind) == [.cancel, .status])
        #expect(s.stateAtCancel == nil)
    }

    @Test func runningCancelLandsAtFractionOfEstimate() {
        var s = script(.running)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        #expect(read(&s, "running", .running, at: 10).isEmpty)
        #expect(s.nextWake == t(30))  // next poll first; the cancel is at 10 + 0.5 × 100 = 60
        _ = s.wake(now: t(30))
        _ = read(&s, "running", .running, at: 31)
        _ = s.wake(now: t(51))
        _ = read(&s, "running", .running, at: 52)
        let out = s.wake(now: t(60))
        #expect(out.map(\.kind) == [.cancel])
        #expect(s.stateAtCancel == .running)
    }

    @Test func duplicateSendsConcurrentCopies() {
        var s = script(.duplicate, copies: 3)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        let out = read(&s, "queued", .queued, at: 2)
        #expect(out.filter { $0.kind == .cancel }.count == 3)
        #expect(Set(out.map(\.intended)).count == 1)
    }

    @Test func afterTerminalCancelsThenVerifies() {
        var s = script(.afterTerminal)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        let out = read(&s, "succeeded", .succeeded, at: 2)
        #expect(out.map(\.kind) == [.cancel])
        let verify = s.completed(.cancel, idUse: .job, outcome: .fail, observation: nil, now: t(3), runEstimate: estimate)
        #expect(verify.map(\.kind) == [.status])
        _ = read(&s, "succeeded", .succeeded, at: 4)
        #expect(s.end == .terminal)
    }

    @Test func probesNameBadIdsAndLeaveTheJobAlone() {
        var s = script(.unknownId)
        _ = s.begin(now: t(0))
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        #expect(out.map(\.idUse) == [.unknown, .job])
        #expect(!s.cancelSent)
    }

    @Test func refusedSubmitEndsTheJob() {
        var s = script(.none)
        _ = s.begin(now: t(0))
        #expect(s.completed(.submit, idUse: .job, outcome: .fail, observation: nil, now: t(1), runEstimate: estimate).isEmpty)
        #expect(s.end == .submitFailed)
    }

    @Test func jobThatNeverEndsTimesOut() {
        var s = JobScript(plan: JobPlan(index: 0, point: .none, fraction: 0.5, copies: 1), pollInterval: poll, timeout: .milliseconds(50))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), runEstimate: estimate)
        var now: Int64 = 2
        while s.end == .active, now < 1000 {
            _ = read(&s, "running", .running, at: now)
            now += 20
            _ = s.wake(now: t(now))
        }
        #expect(s.end == .timedOut)
    }
}
