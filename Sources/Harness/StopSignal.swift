#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM as a flag the driver loop polls (it wakes at least every 50 ms), plus a hook
/// that tests (or other threads) use to stop a run at once.
public final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    private let onRaise: Mutex<(@Sendable () -> Void)?> = Mutex(nil)

    public init() {}

    /// Whether a stop was asked for, by `raise()` or by a signal since `install()`.
    public var isRaised: Bool { raised.load(ordering: .relaxed) || signalRaised.load(ordering: .relaxed) }

    /// Raises the flag and runs the wake hook.
    public func raise() {
        raised.store(true, ordering: .relaxed)
        onRaise.withLock { $0 }?()
    }

    /// Sets what wakes the waiting loop (the transport's waker).
    public func setWake(_ action: @escaping @Sendable () -> Void) { onRaise.withLock { $0 = action } }

    /// Routes SIGINT and SIGTERM to the flag instead of killing the process, so results are still written (and
    /// `exit` then stops the target's processes, see `ChildProcesses`). A second Ctrl-C after the first still
    /// stops at once: it kills the target's process groups, then this process by the default action.
    public func install() { SignalRoute.installStop() }

    /// Restores the default signal handling (or `ChildProcesses`' guard, while it may have children).
    public func uninstall() { SignalRoute.uninstallStop() }
}
