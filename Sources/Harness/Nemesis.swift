import Foundation
import FaultProxy
import LoadModel
import Reports
import Synchronization
import Transport

/// Performs a `NemesisSchedule` on its own thread while the run goes: opens each window at its moment (pauses,
/// kills or restarts the target's processes, or partitions, delays or resets its connections through the
/// fault proxy), closes it when its length has passed, and records when each was put on, lifted and healed.
/// `stop()` lifts an open window at once, so the run's last reads meet a healthy target.
final class Nemesis: Sendable {
    let plan: ChaosPlan
    let target: TargetProcess?
    let external: ExternalProcess?
    let proxy: FaultProxy?
    let seed: UInt64
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var stopped = false
        var started = false
        /// Whether a `stop()` has waited for the thread already (the semaphore is signalled once).
        var joined = false
        var windows: [NemesisLog.Window] = []
    }

    init(plan: ChaosPlan, seed: UInt64, target: TargetProcess?, external: ExternalProcess?, proxy: FaultProxy?) {
        self.plan = plan
        self.seed = seed
        self.target = target
        self.external = external
        self.proxy = proxy
    }

    /// Starts the schedule; `origin` is the run clock's zero (monotonic ns).
    func start(origin: Int64) {
        guard !plan.faults.isEmpty else { return }  // --target-cmd alone: the target is started and stopped, no faults
        state.withLock { $0.started = true }
        let thread = Thread { [self] in
            perform(origin: origin)
            finished.signal()
        }
        thread.name = "cancelbench-nemesis"
        thread.start()
    }

    /// Stops opening windows, lifts an open one, and waits for the thread (a restart in progress included).
    /// Idempotent: only the first call waits.
    func stop() {
        let wait = state.withLock { s -> Bool in
            s.stopped = true
            defer { s.joined = true }
            return s.started && !s.joined
        }
        // A restart in progress would hold the thread until the target is ready: the run is over, so it gives up.
        target?.interruptStart()
        if wait { finished.wait() }
    }

    /// The windows performed, in order.
    var windows: [NemesisLog.Window] { state.withLock { $0.windows } }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func perform(origin: Int64) {
        var schedule = NemesisSchedule(faults: plan.faults, interval: plan.interval, duration: plan.duration, seed: seed)
        func now() -> Int64 { MonotonicClock.nanoseconds() - origin }
        while true {
            let w = schedule.next()
            guard sleep(w.gap) else { return }
            let start = now()
            var note = put(w.fault)
            _ = sleep(w.length)
            let end = now()
            let healNote = lift(w.fault)
            let healed: Int64? = healNote == nil ? now() : nil
            if let healNote { note = note.isEmpty ? healNote : note + "; " + healNote }
            state.withLock { $0.windows.append(.init(number: w.number, fault: w.fault.description, start: start, end: end, healed: healed, note: note)) }
            if healNote != nil { return }  // the target is gone: no more windows on it
        }
    }

    /// Sleeps `span`, waking every 10 ms to see whether the run stopped; false when it did.
    private func sleep(_ span: Span) -> Bool {
        let until = MonotonicClock.nanoseconds() + span.nanoseconds
        while !stopped {
            let left = until - MonotonicClock.nanoseconds()
            if left <= 0 { return true }
            usleep(useconds_t(min(left / 1000, 10_000)))
        }
        return false
    }

    /// Puts the fault on; a note when it could not be.
    private func put(_ fault: NemesisFault) -> String {
        if let target, !fault.needsProxy, !target.isRunning {
            return "the target was not running when the fault began (it had exited; see target.log)"
        }
        switch fault.kind {
        case .pause:
            if let target { target.pause() } else { external?.pause() }
        case .kill: target?.kill()
        case .restart: target?.terminate(graceNanoseconds: fault.grace.nanoseconds)
        case .partition:
            proxy?.set(LiveFaults(latencyNanoseconds: 0, resetProbability: 0, partition: fault.partition == .refuse ? .refuse : .blackhole))
        case .latency:
            proxy?.set(LiveFaults(latencyNanoseconds: UInt64(fault.latency.nanoseconds), resetProbability: 0, partition: nil))
        case .reset:
            proxy?.set(LiveFaults(latencyNanoseconds: 0, resetProbability: fault.resetProbability, partition: nil))
        }
        return ""
    }

    /// Lifts the fault; a note when the target could not be brought back.
    private func lift(_ fault: NemesisFault) -> String? {
        switch fault.kind {
        case .pause:
            if let target { target.resume() } else { external?.resume() }
        case .kill, .restart:
            guard let target else { return nil }
            do { try target.restart() } catch {
                return stopped ? "not restarted: the run ended during the window" : "restart failed: \(error)"
            }
        case .partition, .latency, .reset:
            proxy?.set(.none)
        }
        return nil
    }
}
