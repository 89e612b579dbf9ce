#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A target process started elsewhere (`--target-pid PID`): cancelbench may only pause and resume it, and it
/// never leaves it paused: while paused it is registered in `ChildProcesses`, whose `stopAll()` (at exit) and
/// signal handler resume it.
public final class ExternalProcess: Sendable {
    public let pid: Int32
    private let paused = Mutex<(on: Bool, slot: Int?)>((false, nil))

    /// Refuses pid 1 and below (init, and the process groups 0 and negative pids name), this process, and a
    /// pid that does not exist or may not be signalled.
    public init(pid: Int32) throws(TargetProcessError) {
        guard pid > 1 else { throw TargetProcessError("--target-pid \(pid): not a process cancelbench may pause") }
        guard pid != getpid() else { throw TargetProcessError("--target-pid \(pid): that is cancelbench itself") }
        guard Glibc.kill(pid, 0) == 0 else {
            let why = errno == EPERM ? "not permitted to signal it" : "no such process"
            throw TargetProcessError("--target-pid \(pid): \(why)")
        }
        if Self.state(pid) == "Z" { throw TargetProcessError("--target-pid \(pid): a zombie (it has exited; pausing it would pause nothing)") }
        self.pid = pid
    }

    /// The state letter of /proc/PID/stat (`R`, `S`, `T`, `Z`…), nil when it cannot be read.
    static func state(_ pid: Int32) -> Character? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0, let paren = buffer[..<n].lastIndex(of: UInt8(ascii: ")")), paren + 2 < n else { return nil }
        return Character(UnicodeScalar(buffer[paren + 2]))
    }

    /// Freezes it (SIGSTOP).
    public func pause() {
        paused.withLock { p in
            if !p.on {
                p.on = true
                p.slot = SignalRoute.add(-pid)
                ChildProcesses.register(self)
            }
            Glibc.kill(pid, SIGSTOP)
        }
    }

    /// Lets it run again (SIGCONT).
    public func resume() {
        paused.withLock { p in
            Glibc.kill(pid, SIGCONT)
            guard p.on else { return }
            p.on = false
            SignalRoute.remove(p.slot)
            p.slot = nil
            ChildProcesses.unregister(self)
        }
    }

    /// The end of a run: it must never be left paused, so this resumes it.
    public func stop() { resume() }

    /// Whether cancelbench holds it paused now.
    public var isPaused: Bool { paused.withLock { $0.on } }
}
