import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM as a flag the driver loop polls, plus a hook that wakes the loop at once.
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    private let sources: Mutex<[DispatchSourceSignal]> = Mutex([])
    private let onRaise: Mutex<(@Sendable () -> Void)?> = Mutex(nil)

    init() {}

    var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Raises the flag (from a signal, or a test) and runs the wake hook.
    func raise() {
        raised.store(true, ordering: .relaxed)
        onRaise.withLock { $0 }?()
    }

    /// Sets what wakes the waiting loop (the transport's waker).
    func setWake(_ action: @escaping @Sendable () -> Void) { onRaise.withLock { $0 = action } }

    /// Routes SIGINT and SIGTERM here instead of killing the process, so results are still written.
    func install() {
        sources.withLock { list in
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { [weak self] in self?.raise() }
                source.resume()
                list.append(source)
            }
        }
    }

    /// Restores the default signal handling.
    func uninstall() {
        sources.withLock { list in
            for s in list { s.cancel() }
            list.removeAll()
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
