import Testing
@testable import LoadModel

@Suite struct JobScriptTests {
    let poll = Span.milliseconds(20)
    let estimate = LifecycleEstimates(queue: .milliseconds(30), run: .milliseconds(100), life: .milliseconds(130))

    func script(_ point: CancelPoint, copies: Int = 1, jitter: Double = 0) -> JobScript {
        JobScript(plan: JobPlan(index: 0, point: point, fraction: 0.5, jitter: jitter, copies: copies),
                  settings: .init(pollInterval: poll, timeout: .seconds(5), cancelDeadline: .seconds(1), raceJitter: .milliseconds(10)))
    }

    func t(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }

    func read(_ s: inout JobScript, _ status: String, _ state: CanonicalState, at ms: Int64) -> [RequestIntent] {
        s.completed(.status, idUse: .job, outcome: .ok, observation: Observation(status: status, state: state), now: t(ms), estimates: estimate)
    }

    @Test func neverCancelledJobPollsToTerminalThenVerifiesOnce() {
        var s = script(.none)
        #expect(s.begin(now: t(0)).map(\.kind) == [.submit])
        let afterSubmit = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
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
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        #expect(out.map(\.kind) == [.cancel, .status])
        #expect(s.stateAtCancel == nil)
    }

    @Test func runningCancelLandsAtFractionOfEstimate() {
        var s = script(.running)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
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
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        #expect(read(&s, "running", .running, at: 2).isEmpty)
        _ = s.wake(now: t(22))
        _ = read(&s, "running", .running, at: 23)
        let out = s.wake(now: t(52))  // 2 + 0.5 × 100 ms: aimed while running
        let copies = out.filter { $0.kind == .cancel }
        #expect(copies.count == 3)
        #expect(Set(copies.map(\.intended)).count == 1)
        // Once terminal, one late duplicate must change nothing; then the verifying read.
        for _ in 0..<3 { _ = s.completed(.cancel, idUse: .job, outcome: .ok, observation: nil, now: t(53), estimates: estimate) }
        let late = read(&s, "cancelled", .cancelled, at: 60)
        #expect(late.map(\.kind) == [.cancel])
    }

    @Test func afterTerminalCancelsThenVerifies() {
        var s = script(.afterTerminal)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        let out = read(&s, "succeeded", .succeeded, at: 2)
        #expect(out.map(\.kind) == [.cancel])
        // A late duplicate follows every cancel once the job is terminal; then the verifying read.
        let late = s.completed(.cancel, idUse: .job, outcome: .fail, observation: nil, now: t(3), estimates: estimate)
        #expect(late.map(\.kind) == [.cancel])
        let verify = s.completed(.cancel, idUse: .job, outcome: .fail, observation: nil, now: t(4), estimates: estimate)
        #expect(verify.map(\.kind) == [.status])
        _ = read(&s, "succeeded", .succeeded, at: 5)
        #expect(s.end == .terminal)
    }

    @Test func probesNameBadIdsAndLeaveTheJobAlone() {
        var s = script(.unknownId)
        _ = s.begin(now: t(0))
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        #expect(out.map(\.idUse) == [.unknown, .job])
        #expect(!s.cancelSent)
    }

    @Test func refusedSubmitEndsTheJob() {
        var s = script(.none)
        _ = s.begin(now: t(0))
        #expect(s.completed(.submit, idUse: .job, outcome: .fail, observation: nil, now: t(1), estimates: estimate).isEmpty)
        #expect(s.end == .submitFailed)
    }

    @Test func jobThatNeverEndsTimesOut() {
        var s = JobScript(plan: JobPlan(index: 0, point: .none), settings: .init(pollInterval: poll, timeout: .milliseconds(50)))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        var now: Int64 = 2
        while s.end == .active, now < 1000 {
            _ = read(&s, "running", .running, at: now)
            now += 20
            _ = s.wake(now: t(now))
        }
        #expect(s.end == .timedOut)
    }

    @Test func claimAimsAtTheLearnedQueueTimeWithJitter() {
        var s = script(.claim, jitter: -0.5)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        // 1 ms + 30 ms queue estimate − 0.5 × 10 ms jitter = 26 ms.
        _ = read(&s, "queued", .queued, at: 2)
        _ = s.wake(now: t(22))
        _ = read(&s, "queued", .queued, at: 23)
        #expect(s.wake(now: t(26)).map(\.kind) == [.cancel])
    }

    @Test func racingCompletionAimsAtThePredictedFinish() {
        var s = script(.racingCompletion, jitter: 1)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        // 1 + 130 + 10 = 141 ms.
        #expect(s.nextWake == t(141))
        _ = read(&s, "running", .running, at: 2)
        var when: Int64 = 0
        for ms in stride(from: Int64(22), through: 200, by: 1) {
            let out = s.wake(now: t(ms))
            if out.contains(where: { $0.kind == .cancel }) { when = ms; break }
            if out.contains(where: { $0.kind == .status }) { _ = read(&s, "running", .running, at: ms) }
        }
        #expect(when == 141)
    }

    @Test func keyPayloadSendsTheSameKeyWithADifferentPayloadAfterTheFirstAnswer() {
        var s = script(.keyPayload)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        let first = read(&s, "queued", .queued, at: 2)
        #expect(first.count == 1 && first[0].key == .shared(1) && first[0].payload == 1)
        let second = s.completed(.cancel, idUse: .job, outcome: .ok, observation: nil, now: t(3), estimates: estimate)
        #expect(second.count == 1 && second[0].key == .shared(1) && second[0].payload == 2)
    }

    @Test func retryTimeoutRetriesWithTheSameKeyAfterAShortTimeout() {
        var s = script(.retryTimeout)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        let first = read(&s, "running", .running, at: 2)
        #expect(first.first?.timeout == .milliseconds(1))
        let retry = s.completed(.cancel, idUse: .job, outcome: .info, observation: nil, now: t(4), estimates: estimate)
        #expect(retry.first?.key == .shared(1))
        #expect(retry.first?.timeout == nil)
    }

    @Test func replaySubmitSendsTheSameKeyTwice() {
        var s = script(.replaySubmit)
        #expect(s.begin(now: t(0)).first?.key == .shared(0))
        let out = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        #expect(out.contains { $0.kind == .submit && $0.key == .shared(0) })
    }

    @Test func acceptedCancelShortensTheDeadline() {
        var s = script(.queued)
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        _ = read(&s, "running", .running, at: 2)
        _ = s.completed(.cancel, idUse: .job, outcome: .ok, observation: Observation(status: "running", state: .running), now: t(3), estimates: estimate)
        var now: Int64 = 3
        while s.end == .active, now < 3000 {
            now += 20
            if !s.wake(now: t(now)).isEmpty { _ = read(&s, "running", .running, at: now) }
        }
        #expect(s.end == .timedOut)
        #expect(now < 1100, "cancel deadline is 1 s after the accepted cancel, not the 5 s job timeout")
    }
}

extension JobScriptTests {
    /// A job timeout is kept by a timer: with a 1 min poll interval, the 1 s job timeout is the next wake-up,
    /// and the job ends then instead of at the next answer.
    @Test func jobTimeoutIsAWakeUpEvenWithALongPollInterval() {
        var s = JobScript(plan: JobPlan(index: 0, point: .none), settings: .init(pollInterval: .seconds(60), timeout: .seconds(1)))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        _ = read(&s, "running", .running, at: 2)
        #expect(s.nextWake == t(1001))
        #expect(s.wake(now: t(1001)).isEmpty)
        #expect(s.end == .timedOut)
    }

    /// A cancel accepted near the end of the job timeout (or with a job timeout shorter than the cancel deadline)
    /// keeps the job read until its cancel deadline, then once more, so invariant 10 judges what it saw.
    @Test func acceptedCancelIsReadPastTheJobTimeoutUntilItsDeadline() {
        var s = JobScript(plan: JobPlan(index: 0, point: .queued),
                          settings: .init(pollInterval: poll, timeout: .milliseconds(100), cancelDeadline: .seconds(1)))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        #expect(read(&s, "running", .running, at: 2).map(\.kind) == [.cancel])
        _ = s.completed(.cancel, idUse: .job, outcome: .ok, observation: Observation(status: "running", state: .running), now: t(90), estimates: estimate)
        var now: Int64 = 90, lastReadSent: Int64 = 0
        while s.end == .active, now < 5000 {
            now += 7
            if s.wake(now: t(now)).contains(where: { $0.kind == .status }) {
                lastReadSent = now
                _ = read(&s, "running", .running, at: now + 1)
            }
        }
        #expect(s.end == .timedOut)
        #expect(lastReadSent >= 1090, "a read is sent at or after the cancel deadline (90 ms + 1 s)")
        #expect(lastReadSent < 1200)
    }

    /// A read in flight across the cancel deadline was sent before it: one more read follows its answer.
    @Test func aReadInFlightAcrossTheCancelDeadlineIsFollowedByOneMore() {
        var s = JobScript(plan: JobPlan(index: 0, point: .queued),
                          settings: .init(pollInterval: poll, timeout: .seconds(5), cancelDeadline: .milliseconds(100)))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        _ = read(&s, "running", .running, at: 2)
        _ = s.completed(.cancel, idUse: .job, outcome: .ok, observation: nil, now: t(3), estimates: estimate)
        #expect(s.wake(now: t(100)).map(\.kind) == [.status])  // sent before the deadline at 103
        #expect(s.wake(now: t(103)).isEmpty)                     // still in flight
        #expect(read(&s, "running", .running, at: 150).map(\.kind) == [.status])
        #expect(read(&s, "running", .running, at: 151).isEmpty)
        #expect(s.end == .timedOut)
    }
}

extension JobScriptTests {
    /// Past the job timeout with a read still in flight, the limit is no longer a wake-up: a wake-up in the
    /// past would make the driver's loop spin until the answer came.
    @Test func aReachedLimitIsNoLongerAWakeUp() {
        var s = JobScript(plan: JobPlan(index: 0, point: .none), settings: .init(pollInterval: poll, timeout: .milliseconds(50)))
        _ = s.begin(now: t(0))
        _ = s.completed(.submit, idUse: .job, outcome: .ok, observation: nil, submittedId: "j", now: t(1), estimates: estimate)
        _ = read(&s, "running", .running, at: 2)
        #expect(s.wake(now: t(40)).map(\.kind) == [.status])  // in flight across the limit at 51
        #expect(s.nextWake == t(51))
        #expect(s.wake(now: t(51)).isEmpty)
        #expect(s.nextWake == nil, "waiting for the answer, not for a time")
        #expect(read(&s, "running", .running, at: 70).isEmpty)
        #expect(s.end == .timedOut)
    }
}
