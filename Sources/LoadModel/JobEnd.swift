/// How a job's script ended.
public enum JobEnd: String, Sendable, CaseIterable {
    /// Still running.
    case active
    /// A read showed a terminal state and every planned request completed.
    case terminal
    /// The submit was not accepted (no 2xx or no id in the answer).
    case submitFailed = "submit-failed"
    /// The job did not reach a terminal state before the job timeout (or the cancel deadline).
    case timedOut = "timed-out"
    /// The run stopped (duration over, interrupted, aborted) before the job ended.
    case abandoned
    /// A read answered that the job no longer exists (the profile's retention status) before the job was seen
    /// to end or a cancel of it was accepted: the job is lost (invariant 12), or removed before it was seen to
    /// finish. Not a terminal job.
    case gone
    /// The harness gave the job up because a request of it could not be sent safely: a control character the
    /// target put in the job id would have gone into a header.
    case unsendable
}
