import Testing
@testable import ReferenceTarget

/// The delivery schedule without a network: fairness between receivers, the bounds, backoff and the breaker.
struct CallbackQueueTests {
    /// A delivery of task `sequence` to 127.0.0.1:`port`.
    private func delivery(_ sequence: UInt64, port: UInt16) -> CallbackDelivery {
        CallbackDelivery(sequence: sequence, target: CallbackURL("http://127.0.0.1:\(port)/hook")!, body: [])
    }

    /// The deliveries `start` handed out to attempt.
    private func attempts(_ starts: [CallbackQueue.Start]) -> [CallbackDelivery] {
        starts.compactMap { if case .attempt(let d) = $0 { d } else { nil } }
    }

    /// The deliveries `start` gave up without an attempt.
    private func skips(_ starts: [CallbackQueue.Start]) -> [CallbackDelivery] {
        starts.compactMap { if case .skip(let d, _) = $0 { d } else { nil } }
    }

    @Test func aReceiverQueuedLaterStartsAtOnceBesideABacklog() {
        var queue = CallbackQueue(policy: CallbackPolicy(maxInFlightPerReceiver: 2))
        for i in 0..<20 { let accepted = queue.enqueue(delivery(UInt64(i), port: 9001)); #expect(accepted) }
        let lateOne = queue.enqueue(delivery(100, port: 9002))
        #expect(lateOne)
        let started = attempts(queue.start(now: 0))
        #expect(started.filter { $0.receiver == 9001 }.count == 2)  // the backlog keeps to its own cap
        #expect(started.filter { $0.receiver == 9002 }.map(\.sequence) == [100])
    }

    @Test func inFlightNeverExceedsTheGlobalCapAndAFinishedSlotIsReused() {
        var queue = CallbackQueue(policy: CallbackPolicy(maxInFlight: 3))
        for i in 0..<10 { _ = queue.enqueue(delivery(UInt64(i), port: UInt16(9000 + i % 5))) }
        let first = attempts(queue.start(now: 0))
        #expect(first.count == 3)
        #expect(attempts(queue.start(now: 0)).isEmpty)
        let verdict = queue.finished(first[0], .delivered, now: 1)
        #expect(verdict == .delivered)
        #expect(attempts(queue.start(now: 1)).count == 1)
        #expect(queue.inFlightCount == 3)
        #expect(queue.stats.pending == 9)
        #expect(queue.stats.delivered == 1)
    }

    @Test func beyondMaxPendingNewDeliveriesAreDroppedAndCounted() {
        var queue = CallbackQueue(policy: CallbackPolicy(maxPending: 5))
        let accepted = (0..<7).map { queue.enqueue(delivery(UInt64($0), port: 9001)) }
        #expect(accepted == [true, true, true, true, true, false, false])
        #expect(queue.stats.dropped == 2)
        #expect(queue.stats.pending == 5)
        // Room comes back when one ends.
        let started = attempts(queue.start(now: 0))
        let verdict = queue.finished(started[0], .delivered, now: 1)
        #expect(verdict == .delivered)
        let roomAgain = queue.enqueue(delivery(7, port: 9001))
        #expect(roomAgain)
    }

    @Test func retriesWaitTheirBackoffWithoutHoldingASlot() {
        let policy = CallbackPolicy(maxInFlightPerReceiver: 1, retries: 2, firstBackoff: 50)
        var queue = CallbackQueue(policy: policy)
        _ = queue.enqueue(delivery(1, port: 9001))
        _ = queue.enqueue(delivery(2, port: 9001))
        var started = attempts(queue.start(now: 0))
        #expect(started.map(\.sequence) == [1])
        let firstTry = queue.finished(started[0], .answered, now: 10)
        #expect(firstTry == .retrying)
        // The slot is free during the backoff: the next delivery to the same receiver goes.
        started = attempts(queue.start(now: 10))
        #expect(started.map(\.sequence) == [2])
        #expect(queue.nextDeadline == 60)
        let other = queue.finished(started[0], .delivered, now: 20)
        #expect(other == .delivered)
        #expect(attempts(queue.start(now: 59)).isEmpty)
        started = attempts(queue.start(now: 60))
        #expect(started.map(\.sequence) == [1])
        #expect(started.map(\.attempts) == [2])
        let secondTry = queue.finished(started[0], .answered, now: 70)
        #expect(secondTry == .retrying)
        #expect(queue.nextDeadline == 170)  // doubled: 100 after the second attempt
        started = attempts(queue.start(now: 170))
        let lastTry = queue.finished(started[0], .answered, now: 180)
        #expect(lastTry == .failed)  // 1 + 2 retries
        #expect(queue.stats.failed == 1)
        #expect(queue.stats.attempts == 4)
        #expect(queue.stats.pending == 0)
    }

    @Test(arguments: [
        (CallbackQueue.Outcome.unreachable, true),  // refused, reset or closed without an answer
        (.timedOut, true),  // no answer within the attempt timeout
        (.answered, false),  // an HTTP error status: the receiver is alive
        (.localFailure, false),  // this process had no socket: not the receiver's fault
    ])
    func onlyMissingAnswersTripTheBreaker(outcome: CallbackQueue.Outcome, trips: Bool) {
        let policy = CallbackPolicy(retries: 0, breakerThreshold: 3, breakerCooldown: 1000)
        var queue = CallbackQueue(policy: policy)
        for i in 0..<10 { _ = queue.enqueue(delivery(UInt64(i), port: 9001)) }
        let first = attempts(queue.start(now: 0))
        #expect(first.count == 8)
        for d in first.prefix(3) { let verdict = queue.finished(d, outcome, now: 5); #expect(verdict == .failed) }
        let next = queue.start(now: 5)
        if trips {
            // The backlog fails at once instead of waiting its turn behind a dead receiver.
            #expect(skips(next).map(\.sequence) == [8, 9])
            #expect(queue.stats.skipped == 2)
        } else {
            #expect(attempts(next).map(\.sequence) == [8, 9])
            #expect(queue.stats.skipped == 0)
        }
    }

    @Test func anOpenCircuitProbesOnceAfterItsCooldownThenCloses() {
        let policy = CallbackPolicy(retries: 0, breakerThreshold: 1, breakerCooldown: 1000)
        var queue = CallbackQueue(policy: policy)
        _ = queue.enqueue(delivery(1, port: 9001))
        let first = attempts(queue.start(now: 0))
        let tripping = queue.finished(first[0], .timedOut, now: 10)
        #expect(tripping == .failed)
        #expect(queue.stats.timeouts == 1)
        for i in 2...5 { _ = queue.enqueue(delivery(UInt64(i), port: 9001)) }
        #expect(skips(queue.start(now: 500)).count == 4)  // open
        for i in 6...9 { _ = queue.enqueue(delivery(UInt64(i), port: 9001)) }
        let probe = attempts(queue.start(now: 1010))  // half-open: one probe, the rest wait
        #expect(probe.map(\.sequence) == [6])
        #expect(attempts(queue.start(now: 1010)).isEmpty)
        let probed = queue.finished(probe[0], .delivered, now: 1020)
        #expect(probed == .delivered)
        #expect(attempts(queue.start(now: 1020)).map(\.sequence) == [7, 8, 9])  // closed: full cap again
    }

    @Test func aFailedProbeReopensTheCircuit() {
        let policy = CallbackPolicy(retries: 0, breakerThreshold: 2, breakerCooldown: 1000)
        var queue = CallbackQueue(policy: policy)
        for i in 0..<2 { _ = queue.enqueue(delivery(UInt64(i), port: 9001)) }
        for d in attempts(queue.start(now: 0)) { _ = queue.finished(d, .unreachable, now: 0) }
        _ = queue.enqueue(delivery(2, port: 9001))
        let probe = attempts(queue.start(now: 1000))
        #expect(probe.count == 1)
        _ = queue.finished(probe[0], .unreachable, now: 1000)
        _ = queue.enqueue(delivery(3, port: 9001))
        #expect(skips(queue.start(now: 1999)).map(\.sequence) == [3])
    }
}
