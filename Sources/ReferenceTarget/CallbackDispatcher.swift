import Foundation
import Synchronization

/// Delivers beatra completion callbacks: POSTs the final task object to the task's loopback `callback_url`
/// once it is terminal (twice under the `duplicate-callback` fault).
///
/// The simulation is lazy, so nothing announces that a task finished: one background thread looks at the
/// tasks still waiting every few milliseconds and queues the terminal ones. The same thread sends them on
/// non-blocking sockets, at most `CallbackPolicy.maxInFlight` at once, each attempt bounded by its timeout;
/// `CallbackQueue` decides the order, the retries and when to give up. So however a receiver misbehaves
/// (never accepting, never answering, out of descriptors) it holds a few sockets for a second, never a
/// thread, and a full queue drops new deliveries (counted) instead of growing. The thread starts with the
/// first registration and sleeps in `poll` while there is nothing to do.
final class CallbackDispatcher: Sendable {
    private enum Phase { case idle, running, stopped }

    private struct State {
        var phase = Phase.idle
        var records: [UInt64: CallbackRecord] = [:]
        /// Registered tasks not yet terminal when last looked at.
        var waiting: Set<UInt64> = []
    }

    /// Time between looks at the waiting tasks, in nanoseconds.
    static let lookInterval: Int64 = 3_000_000

    private let context: TargetContext
    private let policy: CallbackPolicy
    private let state = Mutex(State())
    /// The delivery thread's counters, published after each of its turns.
    private let published = Mutex(CallbackStats())
    /// A non-blocking pipe: a byte written wakes the thread from `poll` (first registration, shutdown).
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// Signalled once by the thread as it exits.
    private let exited = DispatchSemaphore(value: 0)

    init(context: TargetContext) {
        self.context = context
        policy = context.config.callbacks
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        // Without a pipe the thread still wakes on its own within `lookInterval` (see `pollTimeout`).
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        for fd in [wakeRead, wakeWrite] where fd >= 0 { close(fd) }
    }

    /// Starts watching task `sequence`, which asked for a callback to `url` (already validated as `target`).
    func register(sequence: UInt64, url: String, target: CallbackURL) {
        let (start, signal) = state.withLock { state -> (Bool, Bool) in
            state.records[sequence] = CallbackRecord(url: url, target: target)
            guard state.phase != .stopped else { return (false, false) }
            state.waiting.insert(sequence)
            if state.phase == .idle {
                state.phase = .running
                return (true, false)
            }
            return (false, state.waiting.count == 1)
        }
        if start {
            let thread = Thread { [self] in run() }
            thread.name = "cancelbench-callbacks"
            thread.start()
        } else if signal {
            wake()
        }
    }

    /// The callback state of task `sequence`, or nil when it asked for none.
    func record(_ sequence: UInt64) -> CallbackRecord? {
        state.withLock { $0.records[sequence] }
    }

    /// The delivery counters as of the thread's last sender.
    var stats: CallbackStats { published.withLock { $0 } }

    /// Stops the thread and waits for it to exit; idempotent. Attempts in flight are abandoned (their
    /// sockets closed) and nothing more is sent.
    func shutdown() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.phase = .stopped }
            return state.phase == .running
        }
        guard wasRunning else { return }
        wake()
        exited.wait()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already holds a wake-up
    }

    /// The thread: look for terminal tasks, start what the queue allows, wait for sockets, repeat.
    private func run() {
        var sender = CallbackSender(policy: policy)
        var nextLook: Int64 = 0
        while true {
            var now = ReferenceTarget.monotonicNanoseconds()
            let look = now >= nextLook
            // The waiting set is copied only when it is time to look, not on every socket event.
            guard let (watching, watched) = state.withLock({ state -> (Bool, [UInt64])? in
                state.phase == .stopped ? nil : (!state.waiting.isEmpty, look ? Array(state.waiting) : [])
            }) else { break }
            if look && watching {
                nextLook = now + Self.lookInterval
                let due = watched.filter { context.store.peek($0)?.snapshot.isTerminal ?? true }
                if !due.isEmpty {
                    state.withLock { state in for sequence in due { state.waiting.remove(sequence) } }
                    for sequence in due { admit(sequence, twice: duplicates(sequence), into: &sender.queue) }
                }
            }
            launch(&sender, now: now)
            published.withLock { $0 = sender.queue.stats }
            let ready = sender.wait(wakeFD: wakeRead, timeout: pollTimeout(sender, watching: watching,
                                                                           nextLook: nextLook, now: now))
            now = ReferenceTarget.monotonicNanoseconds()
            for (delivery, result) in sender.collect(ready, now: now) { conclude(delivery, result, &sender.queue, now: now) }
        }
        sender.abandon()
        published.withLock { $0 = sender.queue.stats }
        exited.signal()
    }

    /// Milliseconds `poll` may sleep: until the next look, attempt deadline or backoff end; -1 (until woken)
    /// when nothing waits.
    private func pollTimeout(_ sender: CallbackSender, watching: Bool, nextLook: Int64, now: Int64) -> Int32 {
        var next = sender.nextDeadline
        if watching { next = min(next ?? nextLook, nextLook) }
        // Without a wake-up pipe, a registration or shutdown is noticed on the next look of its own.
        if wakeRead < 0 { next = min(next ?? now + Self.lookInterval, now + Self.lookInterval) }
        guard let next else { return -1 }
        let delta = next - now
        return delta <= 0 ? 0 : Int32(min((delta + 999_999) / 1_000_000, 60_000))
    }

    /// Whether `duplicate-callback` fires for task `sequence`.
    private func duplicates(_ sequence: UInt64) -> Bool {
        context.store.dice.fires(.duplicateCallback, sequence: sequence, opportunity: 0)
    }

    /// Renders task `sequence`'s callback and queues it; a full queue fails it at once, as dropped.
    private func admit(_ sequence: UInt64, twice: Bool, into queue: inout CallbackQueue) {
        guard let record = record(sequence), let (snapshot, request) = context.store.peek(sequence) else { return }
        // The same bytes a GET would return now: the true state, with the callback's state so far.
        let body = BeatraTaskJSON(context: context).render(id: context.ids.format(sequence), snapshot, request,
                                                           callback: record)
        let delivery = CallbackDelivery(sequence: sequence, target: record.target, body: body, copiesAfter: twice ? 1 : 0)
        guard queue.enqueue(delivery) else {
            fail(sequence, error: "not sent: \(policy.maxPending) callbacks were already pending")
            return
        }
    }

    /// Starts every attempt the queue allows now; attempts that fail on the spot are concluded at once,
    /// which may free slots, so it asks again until the queue has nothing more to start.
    private func launch(_ sender: inout CallbackSender, now: Int64) {
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
    private func conclude(_ delivery: CallbackDelivery, _ result: Result<Int, CallbackExchange.Failure>,
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
    private func fail(_ sequence: UInt64, error: String) {
        state.withLock { state in
            state.records[sequence]?.lastError = error
            // A second (duplicate) delivery that fails does not undo the first one's success.
            if state.records[sequence]?.status != .delivered { state.records[sequence]?.status = .failed }
        }
    }

    /// Queues the duplicate of a delivery that just ended, when the fault asked for one.
    private func sendCopy(of delivery: CallbackDelivery, into queue: inout CallbackQueue) {
        guard delivery.copiesAfter > 0 else { return }
        admit(delivery.sequence, twice: false, into: &queue)
    }
}
