import Foundation
import Harness
import LoadModel
import Reports

/// `run --workers N`: one machine, N shard processes of one plan started together, then one merge. The
/// driver is one thread, so more client CPU means more processes; the results are one folder: the shards in
/// `shard-K/` beneath it and the merged run at its top, judged as one.
struct WorkerPool {
    let workers: Int
    let plan: RunPlan
    let credentials: Credentials
    /// `run`'s own arguments, without the ones the pool sets per worker.
    let arguments: [String]
    let context: CommandContext
    /// Whether the number of workers is the default for a remote target (said in the first line, with how to
    /// choose another).
    var defaulted = false

    /// Flags the pool sets for each worker (and their values), the gate (judged once, on the merged run), and
    /// the embedded target's settings (one target, served by the pool).
    static var perWorker: Set<String> {
        Set(["--workers", "--out", "--seed", "--shard", "--shards", "--start-at", "--target", "--token", "--unpaid-token", "--junit", "--summary-markdown",
             "--threshold", "--thresholds", "--baseline", "--max-regression", "--metric", "--abort-on-fail", "--quiet"]
            + TargetOptions.specs.map { "--" + $0.name })
    }
    static var flagsWithoutValue: Set<String> {
        Set(["--abort-on-fail", "--quiet"] + TargetOptions.specs.filter { $0.value == nil }.map { "--" + $0.name })
    }

    /// The environment variable that names a worker's progress file.
    static let progressVariable = "CANCELBENCH_PROGRESS_FILE"

    /// The worker's executable: this process's own file.
    static var executable: String { ProcessInfo.processInfo.environment["CANCELBENCH_EXECUTABLE"] ?? "/proc/self/exe" }

    func run() throws -> ExitCode {
        let dir = plan.outputs.directory
        var target = plan.target?.url
        var embedded: EmbeddedTarget?
        var tokens = credentials
        if target == nil, let e = plan.embedded {
            // One reference target for every worker, served from this process.
            embedded = try EmbeddedTarget(config: e.config, loops: 1)
            target = embedded?.url
            tokens = Credentials.embedded
        }
        defer { embedded?.stop() }
        let startAt = plan.startAt ?? (Int64(Date().timeIntervalSince1970 * 1e9) + 1_500_000_000)
        var children: [Process] = []
        let stop = StopSignal()
        stop.install()
        defer { stop.uninstall() }
        context.console.note("cancelbench: \(workers) workers play \(plan.jobs) \(plan.profile.name) jobs against \(plan.target?.display ?? "the embedded reference target (\(target ?? ""))"), seed \(plan.seed); results in \(dir)/")
        if defaulted { context.console.note("cancelbench: \(workers) workers: one per core, the default for a remote target (--workers 1 for one process)") }
        for k in 1...workers {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.executable)
            var args = ["run"] + Self.strip(arguments) + ["--seed", String(plan.seed), "--shard", "\(k)/\(workers)",
                                                          "--start-at", String(format: "%.9f", Double(startAt) / 1e9),
                                                          "--out", "\(dir)/shard-\(k)", "--quiet"]
            if let target { args += ["--target", target] }
            p.arguments = args
            // Tokens travel in the environment, never in a command line another user can read.
            var env = ProcessInfo.processInfo.environment
            env["CANCELBENCH_TOKEN"] = tokens.token
            env["CANCELBENCH_UNPAID_TOKEN"] = tokens.unpaidToken
            env[Self.progressVariable] = progressFile(k)
            p.environment = env
            do {
                try p.run()
            } catch {
                // The workers already started must not go on alone against a target about to stop.
                for c in children where c.isRunning { c.interrupt() }
                for c in children { c.waitUntilExit() }
                throw error
            }
            children.append(p)
        }
        // Ctrl-C reaches the workers from the terminal; a SIGTERM to this process is passed on to them. Their
        // progress, summed, is this run's progress line.
        let progress = ProgressLine(console: context.console)
        var interrupted = false
        while children.contains(where: \.isRunning) {
            // Once: a worker's second SIGINT kills it at once (its handler restores the default action), before
            // it has written its results.
            if stop.isRaised, !interrupted {
                interrupted = true
                for c in children where c.isRunning { c.interrupt() }
            }
            usleep(50_000)
            let parts = (1...workers).compactMap { WorkerProgressFile.read(progressFile($0)) }
            if !parts.isEmpty {
                progress.show(RunProgress(elapsed: parts.map(\.elapsed).max() ?? 0, done: parts.map(\.done).reduce(0, +),
                                          total: plan.jobCount, inFlight: parts.map(\.inFlight).reduce(0, +),
                                          violations: parts.map(\.violations).reduce(0, +), finished: false))
            }
        }
        progress.show(RunProgress(elapsed: 0, done: 0, total: 0, inFlight: 0, violations: 0, finished: true))
        for k in 1...workers { try? FileManager.default.removeItem(atPath: progressFile(k)) }
        let codes = children.map(\.terminationStatus)
        if codes.contains(ExitCode.usage.rawValue) || codes.contains(ExitCode.badData.rawValue) {
            throw UsageError("a worker refused its arguments (exit \(codes.map(String.init).joined(separator: ", "))); run one with --shard 1/\(workers) to see why")
        }
        // A worker killed by a signal ended without its verdict: its folder is missing from the merge, whatever
        // an earlier run may have left in it.
        let dirs = (1...workers).filter { children[$0 - 1].terminationReason == .exit }.map { "\(dir)/shard-\($0)" }
            .filter { FileManager.default.fileExists(atPath: $0 + "/summary.json") }
        guard !dirs.isEmpty else {
            context.console.error("Error: no worker wrote its results (exit \(codes.map(String.init).joined(separator: ", "))); see \(dir)/shard-*")
            return interrupted ? .interrupted : .couldNotRun
        }
        let merge = Merge.Plan(directories: dirs, out: dir, partial: dirs.count < workers, gate: plan.gate, junitPath: plan.outputs.junitPath,
                                markdownPath: plan.outputs.markdownPath)
        let outcome = try Merge(plan: merge).run()
        if plan.target == nil {
            // The workers drove the pool's own embedded target at a port that is gone now: the folder's plan is
            // the one asked for (the embedded target and its faults), so `replay` plays the run again.
            var whole = plan
            whole.runId = outcome.summary.runId
            do { try OutputFile.write(whole.encoded(), to: dir + "/plan.json", atomic: true) } catch {
                context.console.error("Error: \(error)")
                return .couldNotRun
            }
        }
        context.console.out(outcome.report)
        if let error = outcome.error { context.console.error(error) }
        return outcome.code
    }

    /// Where worker `k` reports its progress (beside its results, removed at the end).
    func progressFile(_ k: Int) -> String { "\(plan.outputs.directory)/.progress-\(k)" }

    /// `arguments` without the flags the pool sets per worker.
    static func strip(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        let perWorker = Self.perWorker, flagsWithoutValue = Self.flagsWithoutValue
        while i < arguments.count {
            let a = arguments[i]
            let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
            if perWorker.contains(name) {
                i += (a.contains("=") || flagsWithoutValue.contains(name)) ? 1 : 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }
}
