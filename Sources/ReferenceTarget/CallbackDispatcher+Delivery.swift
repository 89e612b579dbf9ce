/// What happens to each delivery: queued, started, concluded, recorded in the task's `callback` object.
extension CallbackDispatcher {
    /// Whether `duplicate-callback` fires for task `sequence`.
    func duplicates(_ sequence: UInt64) -> Bool {
        context.store.dice.fires(.duplicateCallback, sequence: sequence, opportunity: 0)
    }

    /// Renders task `sequence`'s callback and queues it; a full queue fails it at once, as dropped.
    func admit(_ sequence: UInt64, twice: Bool, into queue: inout CallbackQueue) {
        guard let record = record(sequence), let (snapshot, request) = context.store.peek(sequence) else { return }
        // The same bytes a GET would return now: the true state, with the callback's state so far.
        let body = BeatraTaskJSON(context: context).render(id: context.ids.format(sequence), snapshot, request,
                                                           callback: record)
        let delivery = CallbackDelivery(sequence: sequence, target: record.target, body: body, copiesAfter: twice ? 1 : 0)
        if !queue.enqueue(delivery) {
            fail(sequence, error: "not sent: \(policy.maxPending) callbacks were already pending")
        }
    }

    /// Starts every attempt the queue allows now; attempts that fail on the spot are concluded at once,
    /// which may free slots, so it asks again until the queue has nothing more to start.
    func launch(_ sender: inout CallbackSender, now: Int64) {
        while true {
            let starts = sender.queue.start(now: now)
            if starts.isEmpty { return }
            for start in starts {
                switch start {
                case .attempt(let delivery):
                    state.withLock { $0.records[delivery.sequence]?.attemptCount += 1 }
                    if let failure = sender.begin(delivery, now: now) {
                        conclude(delivery, .failure(failure), &sender.queue, now: now)
                    }
                case .skip(let delivery, let failures):
                    fail(delivery.sequence, error: "given up: 127.0.0.1:\(delivery.target.port) gave no answer "
                                                    + "to \(failures) attempts in a row")
                    sendCopy(of: delivery, into: &sender.queue)
                }
            }
        }
    }

    /// Records how an attempt ended and what the queue makes of it.
    func conclude(_ delivery: CallbackDelivery, _ result: Result<Int, CallbackExchange.Failure>,
                          _ queue: inout CallbackQueue, now: Int64) {
        let outcome: CallbackQueue.Outcome
        var error: String?
        switch result {
        case .success(let status) where (200..<300).contains(status):
            outcome = .delivered
        case .success(let status):
            outcome = .answered
            error = "HTTP \(status)"
        case .failure(let failure):
            outcome = failure.timedOut ? .timedOut : failure.local ? .localFailure : .unreachable
            error = failure.message
        }
        let verdict = queue.finished(delivery, outcome, now: now)
        if verdict == .delivered {
            let at = context.store.now()
            state.withLock { state in
                state.records[delivery.sequence]?.status = .delivered
                if state.records[delivery.sequence]?.deliveredAt == nil { state.records[delivery.sequence]?.deliveredAt = at }
            }
        } else if verdict == .failed {
            fail(delivery.sequence, error: error ?? "failed")
        } else if let error {
            state.withLock { $0.records[delivery.sequence]?.lastError = error }
        }
        if verdict != .retrying { sendCopy(of: delivery, into: &queue) }
    }

    /// Marks task `sequence`'s callback failed with `error`, unless an earlier delivery of it succeeded.
    func fail(_ sequence: UInt64, error: String) {
        state.withLock { state in
            state.records[sequence]?.lastError = error
            // A second (duplicate) delivery that fails does not undo the first one's success.
            if state.records[sequence]?.status != .delivered { state.records[sequence]?.status = .failed }
        }
    }

    /// Queues the duplicate of a delivery that just ended, when the fault asked for one.
    func sendCopy(of delivery: CallbackDelivery, into queue: inout CallbackQueue) {
        guard delivery.copiesAfter > 0 else { return }
        admit(delivery.sequence, twice: false, into: &queue)
    }
}
