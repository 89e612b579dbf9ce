import LoadModel
import ReferenceTarget

/// How jobs arrive.
enum LoadModelKind: Sendable, Equatable {
    /// A fixed number of jobs in flight: a new job starts when one ends.
    case closed(concurrency: Int)
    /// Jobs start on a schedule, whatever the target's speed.
    case open(rate: Double, arrival: ArrivalSchedule.Process, maxInFlight: Int)
}

/// A validated `run`: everything the driver needs, nothing left to parse.
struct RunConfiguration: Sendable {
    var profile: Profile
    /// Where the profile came from (file path), for the summary.
    var profileSource: String
    /// The target's base URL; nil runs the embedded reference target.
    var target: String?
    /// The bearer token; never written to any output.
    var token: String?
    var model: LoadModelKind
    /// Jobs to submit (the run ends when all have ended, or at `duration`).
    var jobs: Int
    /// Stop submitting after this long; nil for no limit.
    var duration: Span?
    var connections: Int
    var mix: CancelMix
    var duplicates: Int
    var pollInterval: Span
    var jobTimeout: Span
    var requestTimeout: Span
    var seed: UInt64
    /// The results folder.
    var outputDirectory: String
    var runId: String
    /// The embedded target's settings (when `target` is nil).
    var embedded: TargetConfig
}
