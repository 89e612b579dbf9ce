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
    enum Phase { case idle, running, stopped }

    struct State {
        var phase = Phase.idle
        var records: [UInt64: CallbackRecord] = [:]
        /// Registered tasks not yet terminal when last looked at.
        var waiting: Set<UInt64> = []
    }

    /// Time between looks at the waiting tasks, in nanoseconds.
    static let lookInterval: Int64 = 3_000_000

    let context: TargetContext
    let policy: CallbackPolicy
    /// The records and the waiting set, shared with the request threads.
    let state = Mutex(State())
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
}
