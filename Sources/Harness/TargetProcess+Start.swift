#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Spawning the command in its own process group and waiting until it answers.
extension TargetProcess {
    /// Under the lock: spawns the command (unless stopped for good or already running), registers it, and returns
    /// its pid and where its output starts in the log.
    func launch() throws(TargetProcessError) -> (pid: Int32, logOffset: UInt64) {
        try state.withLock { s throws(TargetProcessError) -> (pid: Int32, logOffset: UInt64) in
            guard !s.finished else { throw TargetProcessError("the target was stopped for good; it does not start again") }
            guard !s.interrupted else { throw TargetProcessError("the run is ending; the target is not started again") }
            reapIfGone(&s)
            if let pid = s.pid { throw TargetProcessError("the target is already running (pid \(pid))") }
            let offset = Self.logSize(logPath)
            // Registered before it exists, so that no path out of this process can miss it.
            ChildProcesses.register(self)
            let pid = try Self.spawn(command: command, logPath: logPath)
            s.pid = pid
            s.slot = SignalRoute.add(pid)
            s.starts += 1
            return (pid, offset)
        }
    }

    /// Polls the ready URL (every 20 ms) until it answers; throws (the group killed) if the leader exits first,
    /// the timeout passes, or another thread stopped it meanwhile.
    func awaitReady(pid: Int32, logOffset: UInt64) throws(TargetProcessError) {
        guard let endpoint else { return }
        let deadline = Self.now() + readyTimeoutNanoseconds
        let url = readyURL ?? ""
        while true {
            let (running, exit, interrupted) = state.withLock { s -> (Bool, String, Bool) in
                if s.pid == pid { reapIfGone(&s) }
                return (s.pid == pid, s.lastExit, s.interrupted)
            }
            if interrupted {
                state.withLock { s in if s.pid == pid { killpg(pid, SIGKILL) } }
                if waitGone(pid, nanoseconds: 2_000_000_000) { waitGroupEmpty(pid) }
                throw TargetProcessError("the run ended while the target was starting; it was stopped")
            }
            guard running else {
                waitGroupEmpty(pid)
                throw TargetProcessError("the target \(exit) before it was ready at \(url)\(tail(logOffset))")
            }
            let left = deadline - Self.now()
            if left > 0, endpoint.answers(timeoutNanoseconds: min(left, 1_000_000_000)) { return }
            if Self.now() >= deadline {
                state.withLock { s in if s.pid == pid { killpg(pid, SIGKILL) } }
                if waitGone(pid, nanoseconds: 5_000_000_000) { waitGroupEmpty(pid) }
                let seconds = String(format: "%.1f", Double(readyTimeoutNanoseconds) / 1e9)
                throw TargetProcessError("the target was not ready at \(url) within \(seconds) s; it was killed\(tail(logOffset))")
            }
            usleep(useconds_t(min(20_000, max(left / 1000, 1))))
        }
    }

    /// `; last lines of LOG:` and up to 5 non-empty lines the target wrote since `offset`, or that it wrote none.
    func tail(_ offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "; its log \(logPath) cannot be read" }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? offset
        let start = max(offset, end > 64 * 1024 ? end - 64 * 1024 : 0)
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else {
            return "; it wrote nothing to \(logPath)"
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .filter { !$0.allSatisfy(\.isWhitespace) }.suffix(5).map { "\n  " + String($0.prefix(300)) }
        return lines.isEmpty ? "; it wrote nothing to \(logPath)" : "; last lines of \(logPath):" + lines.joined()
    }

    static func logSize(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : 0
    }

    /// `/bin/sh -c command` in a new process group (its own pid), stdin from /dev/null, stdout and stderr
    /// appended to `logPath`, no other descriptor of ours, the signals it may meet at their defaults and none
    /// blocked (whatever this thread blocks or this process ignores).
    static func spawn(command: String, logPath: String) throws(TargetProcessError) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, sig)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A descriptor of ours left open in the target (a proxy's socket, say) would outlive our close of it.
        _ = closeFrom?(&actions, 3)

        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (s: String) in strdup(s) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let failed = argv.withUnsafeBufferPointer { posix_spawn(&pid, "/bin/sh", &actions, &attributes, $0.baseAddress!, environ) }
        guard failed == 0 else {
            throw TargetProcessError("cannot start /bin/sh -c for the target: \(String(cString: strerror(failed)))")
        }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not
    /// export: found by name once; nil on an older glibc, where descriptors without FD_CLOEXEC are inherited.
    static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
    }()

    /// `exited with status 3`, `was killed by signal 9 (SIGKILL)`, from a waitpid status.
    static func describe(status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        let name: String = switch signal {
        case SIGKILL: " (SIGKILL)"
        case SIGTERM: " (SIGTERM)"
        case SIGINT: " (SIGINT)"
        case SIGSEGV: " (SIGSEGV)"
        case SIGABRT: " (SIGABRT)"
        default: ""
        }
        return "was killed by signal \(signal)\(name)"
    }
}
