import Foundation
import Harness

/// Plays a plan for a command (`run`, `replay`): progress and notes on stderr while it runs, then the summary on
/// stdout, the error on stderr, and the exit code.
struct PlanPlayer {
    let context: CommandContext

    func play(_ plan: RunPlan, _ credentials: Credentials, metrics: MetricsOptions? = nil) throws -> ExitCode {
        let console = context.console
        let progress = ProgressLine(console: console)
        // A worker of `run --workers` reports its progress to the pool through a small file.
        let report = ProcessInfo.processInfo.environment[WorkerPool.progressVariable].map(WorkerProgressFile.init(path:))
        var engine = RunEngine(plan: plan, credentials: credentials,
                               observer: RunObserver(note: { console.note($0) }, progress: { p in
                                   progress.show(p)
                                   report?.write(p)
                               }))
        engine.handleSignals = context.handleSignals
        if let metrics {
            engine.metrics = try MetricsEndpoint(port: metrics.port)
            engine.metricsLinger = metrics.linger
        }
        let outcome = try engine.run()
        console.out(outcome.report)
        if let error = outcome.error { console.error(error) }
        return outcome.code
    }
}
