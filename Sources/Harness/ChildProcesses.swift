#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Every target process group this process started and every external process it paused, so that none
/// outlives cancelbench: `stopAll()` runs at `exit` (installed with `atexit` at the first registration), and a
/// signal that ends the process without `exit` (a second Ctrl-C, SIGTERM or SIGHUP outside a run) kills the
/// groups from the signal handler (see `SignalRoute`). Only SIGKILL of cancelbench itself leaves them behind.
public enum ChildProcesses {
    private struct Registry {
        var targets: [ObjectIdentifier: TargetProcess] = [:]
        var externals: [ObjectIdentifier: ExternalProcess] = [:]
    }

    private static let registry = Mutex(Registry())

    /// `atexit` once, on first use.
    private static let atExitInstalled: Bool = atexit { ChildProcesses.stopAll() } == 0

    /// Stops every registered target for good (SIGCONT and SIGKILL to its group, reaped) and resumes every
    /// paused external process. Safe to call at any time and more than once; the run's end calls it through
    /// `atexit`, and a caller may call it earlier (say, right after a run is interrupted).
    public static func stopAll() { stopAll(where: { _ in true }) }

    /// `stopAll` for the registered objects `chosen` picks: a test stops its own children only, since the tests
    /// of other suites run beside it, in this process, with children of their own.
    static func stopAll(where chosen: (ObjectIdentifier) -> Bool) {
        let (targets, externals) = registry.withLock { r in
            (r.targets.filter { chosen($0.key) }.map(\.value), r.externals.filter { chosen($0.key) }.map(\.value))
        }
        for target in targets { target.stopAtOnce() }
        for external in externals { external.resume() }
    }

    /// Targets started and not stopped for good, plus external processes paused now.
    public static var count: Int { registry.withLock { $0.targets.count + $0.externals.count } }

    static func register(_ target: TargetProcess) {
        prepare()
        registry.withLock { _ = $0.targets.updateValue(target, forKey: ObjectIdentifier(target)) }
    }

    static func unregister(_ target: TargetProcess) {
        registry.withLock { _ = $0.targets.removeValue(forKey: ObjectIdentifier(target)) }
    }

    static func register(_ external: ExternalProcess) {
        prepare()
        registry.withLock { _ = $0.externals.updateValue(external, forKey: ObjectIdentifier(external)) }
    }

    static func unregister(_ external: ExternalProcess) {
        registry.withLock { _ = $0.externals.removeValue(forKey: ObjectIdentifier(external)) }
    }

    private static func prepare() {
        _ = atExitInstalled
        SignalRoute.guardChildren()
    }
}
