#if canImport(Glibc)
import Glibc
#endif
import LoadModel
import Reports

/// Checks made before a run sends anything, so a bad output path or a too-small descriptor limit is said at
/// once, with the flag to change, instead of after the whole run or as the target's fault.
enum Preflight {
    /// Before anything else: the descriptor limit.
    static func check(_ plan: RunPlan) throws {
        try checkFileLimit(plan)
    }

    /// Once the results folder exists (a JUnit file may go inside it): every other output path.
    static func checkOutputs(_ plan: RunPlan) throws {
        if let path = plan.outputs.junitPath {
            do { try OutputFile.write("", to: path) } catch {
                throw RunFailure(code: .couldNotRun, message: "--junit: \(error)")
            }
        }
        if let path = plan.outputs.markdownPath {
            do { try OutputFile.write("", to: path) } catch {
                throw RunFailure(code: .couldNotRun, message: "--summary-markdown: \(error)")
            }
        }
    }

    /// The process's descriptor limit (RLIMIT_NOFILE), after raising the soft limit to the hard one.
    public static func fileLimit() -> Int {
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
    static func descriptorsNeeded(_ plan: RunPlan) -> Int {
        var need = plan.connections + 64
        if plan.target == nil { need += plan.connections + 16 }
        if plan.profile.callback != nil { need += plan.connections + 16 }
        return need
    }

    static func checkFileLimit(_ plan: RunPlan) throws {
        let limit = fileLimit(), need = descriptorsNeeded(plan)
        if need > limit {
            let who = plan.target == nil ? " (the client's and the embedded target's ends)" : ""
            throw UsageError("--connections \(plan.connections) needs about \(need) file descriptors\(who), but this process may open \(limit) (ulimit -n): lower --connections or raise the limit")
        }
    }
}
