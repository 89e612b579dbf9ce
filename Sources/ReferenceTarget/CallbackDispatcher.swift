import Foundation
import Synchronization

/// Delivers beatra completion callbacks: POSTs the final task object to the task's loopback `callback_url`
/// once it is terminal (twice under the `duplicate-callback` fault).
///
/// The simulation is lazy, so nothing announces that a task finished: one background thread looks at the
/// tasks still waiting every few milliseconds and hands the terminal ones to a concurrent queue, where a
/// blocking loopback client sends them. The thread starts with the first registration and, while nothing
/// waits, sleeps on a semaphore, so a target whose tasks have no callback pays nothing.
final class CallbackDispatcher: Sendable {
    private enum Phase { case idle, running, stopped }

    private struct State {
        var phase = Phase.idle
        var records: [UInt64: CallbackRecord] = [:]
        /// Registered tasks not yet terminal when last looked at.
        var waiting: Set<UInt64> = []
    }

    /// Time between looks at the waiting tasks, in milliseconds.
    static let pollMilliseconds = 3
    /// Retries after a failed attempt, and the wait before the first (doubling after each), in milliseconds.
    static let retries = 3
    static let firstBackoffMilliseconds = 50

    private let context: TargetContext
    private let state = Mutex(State())
    /// Signalled on the first registration into an empty wait set, and on shutdown.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled once by the thread as it exits.
    private let exited = DispatchSemaphore(value: 0)
    private let deliveries = DispatchQueue(label: "cancelbench.reference.callbacks", attributes: .concurrent)

    init(context: TargetContext) { self.context = context }

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
            wake.signal()
        }
    }

    /// The callback state of task `sequence`, or nil when it asked for none.
    func record(_ sequence: UInt64) -> CallbackRecord? {
        state.withLock { $0.records[sequence] }
    }

    /// Stops the thread and waits for it to exit; idempotent. Deliveries already handed off finish their
    /// current attempt but do not retry.
    func shutdown() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.phase = .stopped }
            return state.phase == .running
        }
        guard wasRunning else { return }
        wake.signal()
        exited.wait()
    }

    private var isStopped: Bool { state.withLock { $0.phase == .stopped } }

    /// The thread's loop: look, hand off what is terminal, sleep.
    private func run() {
        while true {
            guard let watched = state.withLock({ $0.phase == .stopped ? nil : Array($0.waiting) }) else { break }
            if watched.isEmpty {
                wake.wait()
                continue
            }
            let due = watched.filter { context.store.peek($0)?.snapshot.isTerminal ?? true }
            if !due.isEmpty {
                state.withLock { state in for sequence in due { state.waiting.remove(sequence) } }
                for sequence in due { deliveries.async { [self] in deliver(sequence) } }
            }
            _ = wake.wait(timeout: .now() + .milliseconds(CallbackDispatcher.pollMilliseconds))
        }
        exited.signal()
    }

    /// Sends task `sequence`'s callback once, or twice when `duplicate-callback` fires.
    private func deliver(_ sequence: UInt64) {
        let twice = context.store.dice.fires(.duplicateCallback, sequence: sequence, opportunity: 0)
        for _ in 0..<(twice ? 2 : 1) { deliverOnce(sequence) }
    }

    /// One delivery: up to 1 + `retries` attempts with doubling backoff; records every attempt.
    private func deliverOnce(_ sequence: UInt64) {
        guard let record = record(sequence), let (snapshot, request) = context.store.peek(sequence) else { return }
        // The same bytes a GET would return now: the true state, with the callback's state so far.
        let body = BeatraTaskJSON(context: context).render(id: context.ids.format(sequence), snapshot, request,
                                                           callback: record)
        let target = record.target
        var backoff = CallbackDispatcher.firstBackoffMilliseconds
        for attempt in 0...CallbackDispatcher.retries {
            if attempt > 0 {
                guard !isStopped else { return }
                usleep(UInt32(backoff * 1000))
                backoff *= 2
            }
            state.withLock { $0.records[sequence]?.attemptCount += 1 }
            let result = LoopbackHTTPClient.post(
                port: target.port, path: target.path, hostHeader: "\(target.host):\(target.port)",
                headers: [(name: "Content-Type", value: "application/json"),
                          (name: "X-Beatra-Event", value: "task.completed")],
                body: body)
            let error: String
            switch result {
            case .success(let status) where (200..<300).contains(status):
                let now = context.store.now()
                state.withLock { state in
                    state.records[sequence]?.status = .delivered
                    if state.records[sequence]?.deliveredAt == nil { state.records[sequence]?.deliveredAt = now }
                }
                return
            case .success(let status): error = "HTTP \(status)"
            case .failure(let failure): error = failure.message
            }
            state.withLock { $0.records[sequence]?.lastError = error }
        }
        state.withLock { state in
            // A second (duplicate) delivery that fails does not undo the first one's success.
            if state.records[sequence]?.status != .delivered { state.records[sequence]?.status = .failed }
        }
    }
}
