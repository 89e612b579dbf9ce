#if canImport(Glibc)
import Glibc
#endif
import LoadModel
import Reports

/// Checks made before a run sends anything, so a bad output path or a too-small descriptor limit is said at
/// once, with the flag to change, instead of after the whole run or as the target's fault.
enum Preflight {
    /// Before anything else: the descriptor limit.
    static func check(_ config: RunConfiguration) throws {
        try checkFileLimit(config)
    }

    /// Once the results folder exists (a JUnit file may go inside it): every other output path.
    static func checkOutputs(_ config: RunConfiguration) throws {
        if let path = config.gate.junitPath {
            do { try OutputFile.write("", to: path) } catch {
                throw CommandFailure(code: .couldNotRun, message: "--junit: \(error)")
            }
        }
    }

    /// The process's descriptor limit (RLIMIT_NOFILE), after raising the soft limit to the hard one.
    static func fileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur > rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }

    /// Descriptors the run needs: the client's connections, the embedded target's side of them, the callback
    /// receiver's, and a reserve for files, listeners and epoll.
    static func descriptorsNeeded(_ config: RunConfiguration) -> Int {
        var need = config.connections + 64
        if config.target == nil { need += config.connections + 16 }
        if config.profile.callback != nil { need += config.connections + 16 }
        return need
    }

    static func checkFileLimit(_ config: RunConfiguration) throws {
        let limit = fileLimit(), need = descriptorsNeeded(config)
        if need > limit {
            let who = config.target == nil ? " (the client's and the embedded target's ends)" : ""
            throw UsageError("--connections \(config.connections) needs about \(need) file descriptors\(who), but this process may open \(limit) (ulimit -n): lower --connections or raise the limit")
        }
    }
}
