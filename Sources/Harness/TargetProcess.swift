#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The target's processes under control: a shell command started in its own process group, made ready, then
/// paused, resumed, killed, terminated and restarted by the nemesis, and stopped for good at the end.
///
/// Every signal goes to the whole group (`killpg`), so a command that forks (a shell script, a server with
/// workers) is paused or killed whole. Started targets are registered in `ChildProcesses` until `stop()`, so
/// none outlives cancelbench. Thread-safe: the state is under one lock held only for short system calls, never
/// while waiting, so `stop()` from the end path is never held up by a start or a grace period on another thread.
public final class TargetProcess: Sendable {
    /// Run as `/bin/sh -c command`.
    public let command: String
    /// Where readiness is checked; nil when the target is ready as soon as it is spawned.
    public let readyURL: String?
    /// How long `start()` waits for readiness, nanoseconds.
    public let readyTimeoutNanoseconds: Int64
    /// The target's stdout and stderr, appended across starts.
    public let logPath: String

    let endpoint: ReadyEndpoint?
    let state = Mutex(State())

    struct State {
        /// The group leader (and so the group id) while it runs.
        var pid: Int32?
        /// Its slot for the signal handler (`SignalRoute`).
        var slot: Int?
        var starts = 0
        /// Stopped for good: `stop()` or `ChildProcesses.stopAll()`; it never starts again.
        var finished = false
        /// How the last leader ended, for messages.
        var lastExit = ""
        /// `interruptStart()` was called: a start waiting to be ready gives up at once, and none begins.
        var interrupted = false
    }

    /// Checks the arguments and that the log can be written; nothing is started yet.
    public init(command: String, readyURL: String?, readyTimeoutNanoseconds: Int64, logPath: String) throws(TargetProcessError) {
        guard !command.allSatisfy(\.isWhitespace) else { throw TargetProcessError("the target command is empty") }
        endpoint = try readyURL.map { url throws(TargetProcessError) in try ReadyEndpoint(url) }
        guard readyURL == nil || readyTimeoutNanoseconds > 0 else {
            throw TargetProcessError("the ready timeout must be more than 0")
        }
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TargetProcessError("cannot write the target's log \(logPath): \(String(cString: strerror(errno)))") }
        close(fd)
        self.command = command
        self.readyURL = readyURL
        self.readyTimeoutNanoseconds = readyTimeoutNanoseconds
        self.logPath = logPath
    }

    /// Spawns the command and waits until it is ready. If it exits first, or is not ready in time, its group is
    /// killed and the error gives the exit status and the last lines of its log.
    /// Something that already answers at the ready URL before the command runs is another server holding the
    /// port: the run would test it, and the faults would miss it, so the start is refused.
    public func start() throws(TargetProcessError) {
        if let endpoint, !isRunning, endpoint.answers(timeoutNanoseconds: 500_000_000) {
            throw TargetProcessError("something already answers at \(readyURL ?? "") before the target command runs: another process holds the port, and the run would test it instead of the command's target (its faults would miss it)")
        }
        let (pid, logOffset) = try launch()
        try awaitReady(pid: pid, logOffset: logOffset)
    }

    /// Makes a start that is waiting to be ready give up (its group killed), and any later start fail at once:
    /// the run is ending and must not wait for a slow restart.
    public func interruptStart() { state.withLock { $0.interrupted = true } }

    /// Starts it again after `kill()` or `terminate(graceNanoseconds:)`, or after it died; waits until ready.
    public func restart() throws(TargetProcessError) { try start() }

    /// Freezes the whole group (SIGSTOP): the target holds its connections and answers nothing.
    public func pause() { signalGroup(SIGSTOP) }

    /// Lets a paused group run again (SIGCONT).
    public func resume() { signalGroup(SIGCONT) }

    /// Kills the whole group at once (SIGKILL, a crash or an OOM kill) and reaps its leader.
    public func kill() {
        guard let pid = signalGroup(SIGKILL) else { return }
        if waitGone(pid, nanoseconds: 5_000_000_000) { waitGroupEmpty(pid) }
    }

    /// Asks the group to end (SIGCONT so a paused one can, then SIGTERM), waits up to `graceNanoseconds`, then
    /// kills what is left; reaps its leader.
    public func terminate(graceNanoseconds: Int64) {
        guard let pid = signalGroup(SIGCONT, SIGTERM) else { return }
        end(pid, grace: graceNanoseconds)
    }

    /// Stops it for good, whatever it is doing: SIGCONT, SIGTERM, up to 2 s, SIGKILL; reaped and unregistered.
    /// Idempotent; a later `start()` throws.
    public func stop() {
        let pid = state.withLock { s -> Int32? in
            s.finished = true
            return signal([SIGCONT, SIGTERM], &s)
        }
        if let pid { end(pid, grace: 2_000_000_000) }
        ChildProcesses.unregister(self)
    }

    /// The current group leader's pid (the group id too); nil when not running.
    public var pid: Int32? { state.withLock { s in reapIfGone(&s); return s.pid } }

    /// Whether it runs now (a paused target runs); reaps a leader that ended on its own.
    public var isRunning: Bool { pid != nil }

    /// How many times it was spawned.
    public var starts: Int { state.withLock { $0.starts } }

    // MARK: - Internals

    /// `stopAll()`'s stop: for good, SIGCONT and SIGKILL at once, reaped (briefly) and unregistered.
    func stopAtOnce() {
        let pid = state.withLock { s -> Int32? in
            s.finished = true
            return signal([SIGCONT, SIGKILL], &s)
        }
        if let pid, waitGone(pid, nanoseconds: 1_000_000_000) { waitGroupEmpty(pid, nanoseconds: 200_000_000) }
        ChildProcesses.unregister(self)
    }

    /// Signals the group, in order, if it runs; its leader's pid, or nil when it does not run.
    @discardableResult
    private func signalGroup(_ signals: Int32...) -> Int32? { state.withLock { s in signal(signals, &s) } }

    /// Under the lock (so the pid cannot be reaped and reused meanwhile): signals the running group; its
    /// leader's pid, or nil.
    private func signal(_ signals: [Int32], _ s: inout State) -> Int32? {
        reapIfGone(&s)
        guard let pid = s.pid else { return nil }
        for sig in signals { killpg(pid, sig) }
        return pid
    }

    /// After a SIGTERM: waits up to `grace` for the leader to end, then kills the group and waits again; then
    /// for the rest of the group (SIGKILLed when the leader was reaped).
    private func end(_ pid: Int32, grace: Int64) {
        if !waitGone(pid, nanoseconds: max(grace, 0)) {
            state.withLock { s in if s.pid == pid { killpg(pid, SIGKILL) } }
            guard waitGone(pid, nanoseconds: 5_000_000_000) else { return }
        }
        waitGroupEmpty(pid)
    }

    /// Polls (every 2 ms, the lock taken only to look) until leader `pid` is reaped; false if time ran out.
    func waitGone(_ pid: Int32, nanoseconds: Int64) -> Bool {
        let deadline = Self.now() + nanoseconds
        while true {
            let gone = state.withLock { s -> Bool in
                if s.pid == pid { reapIfGone(&s) }
                return s.pid != pid
            }
            if gone { return true }
            if Self.now() >= deadline { return false }
            usleep(2_000)
        }
    }

    /// Under the lock: if the leader ended, kills what is left of its group (while the unreaped leader still
    /// holds the group's id, so the id cannot name another group), then reaps it and frees its slot.
    func reapIfGone(_ s: inout State) {
        guard let pid = s.pid else { return }
        var info = siginfo_t()
        let looked = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if looked == 0 {
            guard info._sifields._kill.si_pid == pid else { return }  // still running
            killpg(pid, SIGKILL)
        } else if errno != ECHILD {
            return  // EINTR: look again next time
        }
        var status: Int32 = 0
        var reaped: Int32 = -1
        for _ in 0..<100 {
            reaped = waitpid(pid, &status, 0)
            if reaped >= 0 || errno != EINTR { break }
        }
        s.lastExit = reaped == pid ? Self.describe(status: status) : "ended"
        SignalRoute.remove(s.slot)
        s.slot = nil
        s.pid = nil
    }

    static func now() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
