import Reports

/// What a run came to: its exit code and summary, what the terminal shows, and the error to say, if any.
public struct RunOutcome: Sendable {
    /// The process's exit code, as DESIGN.md fixes them.
    public var code: ExitCode
    /// The summary written to summary.json.
    public var summary: Summary
    /// Why the loop stopped early, if it did.
    public var stop: RunStop?
    /// The summary as the terminal shows it (with the thresholds and the baseline comparison), redacted.
    public var report: String
    /// For stderr when the run could not be carried out or its results are incomplete (exit 3), redacted.
    public var error: String?
}

/// An error that ends a command with a message and an exit code (a run that cannot start, a file that cannot
/// be written).
public struct RunFailure: Error, Sendable {
    public var code: ExitCode
    public var message: String

    public init(code: ExitCode, message: String) {
        self.code = code
        self.message = message
    }
}
