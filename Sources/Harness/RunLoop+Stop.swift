import LoadModel
import Transport

/// How a run ends: made-up answers handled, in-flight exchanges drained after a stop, callbacks settled.
extension RunLoop {
    /// Handles the answers made up for requests that were not sent.
    func handleSynthetic() {
        while !synthetic.isEmpty {
            let batch = synthetic
            synthetic.removeAll()
            for r in batch { handle(r) }
        }
    }

    /// After an interrupt or abort: stop starting work, give in-flight exchanges up to two seconds to answer,
    /// then record every job as it stands.
    func drain() {
        _ = scheduler.stop()
        for slot in ledger.slots { ledger[slot]?.script.abandon() }
        // Requests still queued for a connection were never sent: forget them rather than send them now.
        ledger.forget(client.dropWaiting())
        handleSynthetic()
        let deadline = MonotonicClock.nanoseconds() + 2_000_000_000
        while ledger.hasPending, MonotonicClock.nanoseconds() < deadline {
            client.poll(timeoutMilliseconds: 20) { handle($0) }
        }
        for slot in ledger.slots { finish(slot) }
    }

    /// Waits (up to two seconds, less when stopped) for callbacks still due, then judges the rest of
    /// invariant 11: jobs still waiting, and callbacks for jobs already judged (duplicates).
    func settleCallbacks() {
        guard let callbacks else { return }
        let deadline = MonotonicClock.nanoseconds() + (stop == nil ? 2_000_000_000 : 200_000_000)
        while callbacks.peek(callbackLedger.waitingIds).count < callbackLedger.count, MonotonicClock.nanoseconds() < deadline {
            client.poll(timeoutMilliseconds: 20) { _ in }
        }
        // A duplicate delivery may trail the first by a moment.
        client.poll(timeoutMilliseconds: 100) { _ in }
        let waiting = Set(callbackLedger.waitingIds)
        var received: [String: [String]] = [:], late: [String: [String]] = [:]
        for (id, statuses) in callbacks.remaining() {
            if waiting.contains(id) { received[id] = statuses } else { late[id] = statuses }
        }
        callbackLedger.finish(received: received, late: late)
        let (verdicts, violations) = callbackLedger.drain()
        recorder.recordCallbacks(verdicts: verdicts, violations: violations)
    }
}
