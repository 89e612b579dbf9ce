/// Why a run loop stopped before every job ended.
public enum RunStop: Sendable, Equatable {
    /// Ctrl-C, SIGTERM, or a stop asked for by the caller.
    case interrupted
    /// The run could not go on: nothing reaches the target, every submit is refused, an output failed.
    case aborted(String)
    /// `--abort-on-fail`: a threshold can no longer pass.
    case thresholdFailed(String)
}
