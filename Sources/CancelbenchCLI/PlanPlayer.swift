import Harness

/// Plays a plan for a command (`run`, `replay`): progress and notes on stderr while it runs, then the summary on
/// stdout, the error on stderr, and the exit code.
struct PlanPlayer {
    let context: CommandContext

    func play(_ plan: RunPlan, _ credentials: Credentials) throws -> ExitCode {
        let console = context.console
        let progress = ProgressLine(console: console)
        var engine = RunEngine(plan: plan, credentials: credentials,
                               observer: RunObserver(note: { console.note($0) }, progress: { progress.show($0) }))
        engine.handleSignals = context.handleSignals
        let outcome = try engine.run()
        console.out(outcome.report)
        if let error = outcome.error { console.error(error) }
        return outcome.code
    }
}
