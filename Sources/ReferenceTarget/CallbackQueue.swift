/// The callback delivery schedule as a pure state machine: which delivery to attempt next, when to retry,
/// when to give up. It does no I/O and reads no clock (time comes in as monotonic nanoseconds); the
/// dispatcher performs what it says.
///
/// One receiver must never hold up another, so deliveries wait per receiver (port) and start round-robin
/// across receivers, within a cap per receiver and a global one. A failed attempt frees its slot at once and
/// waits out its backoff in a list, not in a worker. A receiver that stops answering trips a circuit breaker,
/// so its backlog fails fast instead of filling the bounded queue that everyone shares.
struct CallbackQueue {
    /// What the dispatcher is to do with a delivery handed out by `start(now:)`.
    enum Start {
        /// Open a connection and send it; report the end with `finished`.
        case attempt(CallbackDelivery)
        /// Give it up without (another) attempt: its receiver's circuit is open. Already counted as failed;
        /// `failures` is the receiver's streak of unanswered attempts.
        case skip(CallbackDelivery, failures: Int)
    }

    /// How one attempt ended.
    enum Outcome: Equatable {
        /// The receiver answered 2xx.
        case delivered
        /// The receiver answered another status: it is alive, the delivery failed.
        case answered
        /// No HTTP answer (refused, reset, closed early): counts toward the receiver's circuit breaker.
        case unreachable
        /// No answer within the attempt timeout: counts toward the circuit breaker.
        case timedOut
        /// This process could not even try (no file descriptor left): not the receiver's fault.
        case localFailure
    }

    /// What became of a delivery after an attempt.
    enum Verdict: Equatable {
        case delivered
        /// It waits its backoff, then goes back in line.
        case retrying
        /// Its last attempt failed.
        case failed
    }

    /// One receiver's line and health.
    private struct Receiver {
        var ready = FIFO<CallbackDelivery>()
        var inFlight = 0
        var backingOff = 0
        /// Unreachable or timed-out attempts in a row.
        var consecutiveFailures = 0
        /// While set, the circuit is open until then (monotonic ns), and half-open after it.
        var openUntil: Int64?
        /// Whether `rotation` lists it.
        var inRotation = false

        var isIdle: Bool { ready.isEmpty && inFlight == 0 && backingOff == 0 }
    }

    let policy: CallbackPolicy
    private var receivers: [UInt16: Receiver] = [:]
    /// Receivers holding deliveries, in round-robin order; `cursor` is where the next round begins.
    private var rotation: [UInt16] = []
    private var cursor = 0
    private var inFlight = 0
    /// Deliveries waiting out a backoff, one list per retry number: within a list the backoff is the same
    /// and entries come in time order, so each list is sorted by due time and its head is its earliest.
    private var backingOff: [FIFO<(due: Int64, delivery: CallbackDelivery)>]
    /// The counters so far.
    private(set) var stats = CallbackStats()

    init(policy: CallbackPolicy) {
        self.policy = policy
        backingOff = Array(repeating: FIFO(), count: max(policy.retries, 1))
    }

    /// Queues a new delivery; false when `maxPending` are already held (it is dropped and counted).
    mutating func enqueue(_ delivery: CallbackDelivery) -> Bool {
        guard stats.pending < policy.maxPending else {
            stats.dropped += 1
            return false
        }
        stats.pending += 1
        line(delivery)
        return true
    }

    /// The deliveries to attempt or give up now, one per receiver per round until the caps are reached;
    /// backoffs that are due rejoin their line first.
    mutating func start(now: Int64) -> [Start] {
        promoteDueRetries(now: now)
        var starts: [Start] = []
        var progressed = true
        while progressed && !rotation.isEmpty {
            progressed = false
            for step in 0..<rotation.count {
                let port = rotation[(cursor + step) % rotation.count]
                guard var receiver = receivers[port], !receiver.ready.isEmpty else { continue }
                defer { receivers[port] = receiver }
                if let until = receiver.openUntil, now < until {
                    while let delivery = receiver.ready.popFirst() {
                        starts.append(.skip(delivery, failures: receiver.consecutiveFailures))
                        stats.pending -= 1
                        stats.failed += 1
                        stats.skipped += 1
                    }
                    continue
                }
                // Half-open (cooldown over, circuit not yet closed): one probe at a time.
                let cap = receiver.openUntil == nil ? policy.maxInFlightPerReceiver : 1
                guard receiver.inFlight < cap, inFlight < policy.maxInFlight,
                      var delivery = receiver.ready.popFirst() else { continue }
                delivery.attempts += 1
                receiver.inFlight += 1
                inFlight += 1
                stats.attempts += 1
                starts.append(.attempt(delivery))
                progressed = true
            }
        }
        if !rotation.isEmpty { cursor = (cursor + 1) % rotation.count }
        prune()
        return starts
    }

    /// Records how an attempt handed out by `start` ended, at `now`, and says what becomes of the delivery.
    mutating func finished(_ delivery: CallbackDelivery, _ outcome: Outcome, now: Int64) -> Verdict {
        var receiver = receivers[delivery.receiver] ?? Receiver()
        defer { receivers[delivery.receiver] = receiver }
        receiver.inFlight -= 1
        inFlight -= 1
        switch outcome {
        case .delivered, .answered:
            receiver.consecutiveFailures = 0
            receiver.openUntil = nil
        case .unreachable, .timedOut:
            if outcome == .timedOut { stats.timeouts += 1 }
            receiver.consecutiveFailures += 1
            // A failed probe (the circuit was half-open) reopens it at once.
            if receiver.consecutiveFailures >= policy.breakerThreshold || receiver.openUntil != nil {
                receiver.openUntil = now + policy.breakerCooldown
            }
        case .localFailure:
            break
        }
        if outcome == .delivered {
            stats.pending -= 1
            stats.delivered += 1
            return .delivered
        }
        guard delivery.attempts <= policy.retries else {
            stats.pending -= 1
            stats.failed += 1
            return .failed
        }
        let due = now + policy.backoff(beforeRetry: delivery.attempts)
        backingOff[delivery.attempts - 1].append((due: due, delivery: delivery))
        receiver.backingOff += 1
        return .retrying
    }

    /// The earliest time a backoff ends (monotonic ns), or nil when none waits: the dispatcher must call
    /// `start` again by then.
    var nextDeadline: Int64? {
        backingOff.compactMap { $0.first?.due }.min()
    }

    /// Attempts handed out and not yet finished.
    var inFlightCount: Int { inFlight }

    /// Moves every retry whose backoff ended back into its receiver's line.
    private mutating func promoteDueRetries(now: Int64) {
        for index in backingOff.indices {
            while let head = backingOff[index].first, head.due <= now {
                _ = backingOff[index].popFirst()
                receivers[head.delivery.receiver]?.backingOff -= 1
                line(head.delivery)
            }
        }
    }

    /// Puts `delivery` at the back of its receiver's line, adding the receiver to the rotation if new.
    private mutating func line(_ delivery: CallbackDelivery) {
        let port = delivery.receiver
        var receiver = receivers[port] ?? Receiver()
        receiver.ready.append(delivery)
        if !receiver.inRotation {
            receiver.inRotation = true
            rotation.append(port)
        }
        receivers[port] = receiver
    }

    /// Drops idle receivers from the rotation, and forgets healthy idle ones entirely; a receiver with a
    /// failure streak or an open circuit is remembered, so the breaker works across deliveries.
    private mutating func prune() {
        let before = rotation.count
        rotation.removeAll { port in
            guard receivers[port]!.isIdle else { return false }
            receivers[port]!.inRotation = false
            return true
        }
        if rotation.count != before { cursor = rotation.isEmpty ? 0 : cursor % rotation.count }
        if receivers.count > 4 * rotation.count + 64 {
            receivers = receivers.filter { !$0.value.isIdle || $0.value.consecutiveFailures > 0 }
        }
    }
}
