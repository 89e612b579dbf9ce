/// The canonical job lifecycle every profile maps its API's statuses onto:
/// queued → running → succeeded | failed | cancelled.
public enum CanonicalState: String, CaseIterable, Sendable, Comparable {
    /// Accepted, waiting to run (Pika `created`).
    case queued
    /// Claimed by a worker and making progress (Pika `started`, `progress`).
    case running
    /// Finished with a result (Pika `completed`). Terminal.
    case succeeded
    /// Finished without a result (Pika `failed`, `moderated`). Terminal.
    case failed
    /// Stopped by a cancel. Terminal.
    case cancelled

    /// Whether no further transition is allowed from this state.
    public var isTerminal: Bool {
        switch self {
        case .queued, .running: return false
        case .succeeded, .failed, .cancelled: return true
        }
    }

    /// Order along the lifecycle; terminal states share the last rank.
    public var rank: Int {
        switch self {
        case .queued: return 0
        case .running: return 1
        case .succeeded, .failed, .cancelled: return 2
        }
    }

    public static func < (a: CanonicalState, b: CanonicalState) -> Bool { a.rank < b.rank }
}
