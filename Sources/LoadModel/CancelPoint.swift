/// The planned point in a job's life at which the driver cancels it (or probes the contract with it).
public enum CancelPoint: String, CaseIterable, Sendable {
    /// Never cancelled: the job runs to its end.
    case none
    /// Cancelled as soon as the submit answers, before any read.
    case afterSubmit = "after-submit"
    /// Cancelled right after the first read, which usually shows the job still queued.
    case queued
    /// Aimed at the queued→running claim: the queue time learned so far, with jitter.
    case claim
    /// At a random fraction of the learned run time after a read first shows the job running.
    case running
    /// As soon as a read shows progress at or past a random percent (needs a progress field).
    case progress
    /// Aimed at the predicted finish (learned online from the jobs so far), with jitter.
    case racingCompletion = "racing-completion"
    /// After a read shows the job terminal (the contract's "already finished" case).
    case afterTerminal = "after-terminal"
    /// N concurrent cancels at the same instant, each with its own Idempotency-Key.
    case duplicate
    /// N concurrent cancels at the same instant, all with the same Idempotency-Key.
    case duplicateSameKey = "duplicate-same-key"
    /// A cancel, then the same Idempotency-Key with a different payload: must be rejected.
    case keyPayload = "key-payload"
    /// A cancel with a client timeout too short to see the answer, then a retry with the same key.
    case retryTimeout = "retry-timeout"
    /// The submit sent again with the same Idempotency-Key: must return the same job.
    case replaySubmit = "replay-submit"
    /// A cancel naming an id no job has; the real job is left to finish (error contract probe).
    case unknownId = "unknown-id"
    /// A cancel with the id left out; the real job is left to finish (error contract probe).
    case missingId = "missing-id"
    /// A cancel of the job without a token: must be refused and change nothing.
    case noToken = "no-token"
    /// A cancel of the job with an unpaid account's token: must be refused and change nothing.
    case unpaid

    /// Whether this point sends a cancel that names the job itself with valid credentials.
    public var cancelsJob: Bool {
        switch self {
        case .none, .unknownId, .missingId, .noToken, .unpaid, .replaySubmit: return false
        default: return true
        }
    }

    /// Why this point cannot be played against `profile`, or nil when it can.
    public func unsupported(by profile: Profile) -> String? {
        switch self {
        case .progress where profile.fields.progress == nil:
            return "progress needs a progress field in the profile's \"fields\""
        case .duplicateSameKey where !profile.cancelHasKey, .retryTimeout where !profile.cancelHasKey:
            return "\(rawValue) needs an Idempotency-Key header ({idempotencyKey}) on the cancel call"
        case .keyPayload where !(profile.cancelHasKey && profile.cancelVariesPayload):
            return "key-payload needs an Idempotency-Key header and {payload} in the cancel call"
        case .replaySubmit where !profile.submitHasKey:
            return "replay-submit needs an Idempotency-Key header ({idempotencyKey}) on the submit call"
        case .noToken where profile.auth == nil, .unpaid where profile.auth == nil:
            return "\(rawValue) needs a profile with \"auth\""
        default:
            return nil
        }
    }
}
