#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Set by the signal handler on the first SIGINT/SIGTERM while a `StopSignal` is installed; an atomic store is
/// async-signal-safe.
let signalRaised = Atomic<Bool>(false)

/// Whether a `StopSignal` routes SIGINT and SIGTERM to its flag now (read by the handler).
private let stopRouting = Atomic<Bool>(false)

/// What the handler may touch: process groups to kill (stored as the group id) and paused external processes to
/// resume (stored as the negated pid); 0 is a free slot. Fixed size, atomics only, so the handler neither locks
/// nor allocates. A child beyond the 64th is still stopped by `ChildProcesses.stopAll()` at exit, only not on the
/// way down of a second Ctrl-C.
private let signalSlots: InlineArray<64, Atomic<Int32>> = InlineArray { _ in Atomic(0) }

/// SIGINT, SIGTERM and SIGHUP for the whole process: one handler, shared by `StopSignal` (a stop the run loop
/// polls) and `ChildProcesses` (children in their own process groups, which the terminal's Ctrl-C never reaches).
///
/// The handler: while a `StopSignal` is installed, the first SIGINT or SIGTERM only raises its flag, so the run
/// ends and writes its results (then `exit` runs `ChildProcesses.stopAll()` through `atexit`). Any other signal
/// (a second Ctrl-C, SIGTERM or SIGHUP with no `StopSignal` installed, as while a target starts) kills every
/// registered process group and resumes every paused external process, then ends the process by the signal's
/// default action, as it would have ended without a handler.
enum SignalRoute {
    private struct Dispositions {
        /// Once a child was registered the handler stays on: with no child left it acts as the default action.
        var guarding = false
    }

    private static let dispositions = Mutex(Dispositions())

    /// Routes SIGINT and SIGTERM to `signalRaised` (a `StopSignal` is installed).
    static func installStop() {
        touchSlots()
        dispositions.withLock { _ in
            signalRaised.store(false, ordering: .relaxed)
            stopRouting.store(true, ordering: .relaxed)
            for sig in [SIGINT, SIGTERM] { setHandler(sig) }
        }
    }

    /// Ends the routing to the flag: the default action again, or the guard while children may be registered.
    static func uninstallStop() {
        dispositions.withLock { d in
            stopRouting.store(false, ordering: .relaxed)
            for sig in [SIGINT, SIGTERM] {
                if d.guarding { setHandler(sig) } else { signal(sig, SIG_DFL) }
            }
        }
    }

    /// Installs the handler for SIGINT, SIGTERM and SIGHUP (once) so that a signal that ends this process ends
    /// its children first; a signal that was ignored (nohup, a background job) stays ignored.
    static func guardChildren() {
        touchSlots()
        dispositions.withLock { d in
            guard !d.guarding else { return }
            d.guarding = true
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                var old = sigaction()
                sigaction(sig, nil, &old)
                let ignored = unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
                if !ignored { setHandler(sig) }
            }
        }
    }

    /// Claims a slot for `value` (a process group id, or a negated external pid); nil when all are taken.
    static func add(_ value: Int32) -> Int? {
        for i in signalSlots.indices {
            if signalSlots[i].compareExchange(expected: 0, desired: value, ordering: .acquiringAndReleasing).exchanged { return i }
        }
        return nil
    }

    /// Frees the slot `add` returned.
    static func remove(_ slot: Int?) {
        guard let slot else { return }
        signalSlots[slot].store(0, ordering: .releasing)
    }

    /// Kills every registered process group (SIGCONT, then SIGKILL) and resumes every paused external process.
    /// Async-signal-safe: atomic loads and kill(2) only.
    /// `only` limits it to one slot value (a test's own group: the tests of other suites run beside it, in this
    /// process, with children of their own).
    static func killChildrenFromHandler(only: Int32? = nil) {
        for i in signalSlots.indices {
            let value = signalSlots[i].load(ordering: .acquiring)
            if let only, value != only { continue }
            if value > 0 {
                killpg(value, SIGCONT)
                killpg(value, SIGKILL)
            } else if value < 0 {
                kill(-value, SIGCONT)
            }
        }
    }

    /// Globals are initialised lazily (swift_once), which a signal handler must not be the first to do.
    private static func touchSlots() {
        _ = signalSlots[0].load(ordering: .relaxed)
        _ = signalRaised.load(ordering: .relaxed)
        _ = stopRouting.load(ordering: .relaxed)
    }

    private static func setHandler(_ sig: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            if sig != SIGHUP, stopRouting.load(ordering: .relaxed), !signalRaised.exchange(true, ordering: .relaxed) { return }
            SignalRoute.killChildrenFromHandler()
            // Blocked while the handler runs: delivered with the default action as it returns.
            signal(sig, SIG_DFL)
            raise(sig)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(sig, &action, nil)
    }
}
