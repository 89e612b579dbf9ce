/// cancelbench's exit codes, as DESIGN.md fixes them.
public enum ExitCode: Int32, Sendable {
    /// Every invariant held (and every gate passed).
    case pass = 0
    /// An invariant was violated.
    case violation = 1
    /// A threshold or baseline gate failed.
    case gateFailed = 2
    /// The run could not be carried out: target unreachable, too many transport errors, submits refused.
    case couldNotRun = 3
    /// The command line was wrong.
    case usage = 64
    /// A profile or data file was wrong.
    case badData = 65
    /// Interrupted (Ctrl-C); the results so far are still written.
    case interrupted = 130
}
