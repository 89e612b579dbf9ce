/// How a run tells its caller what happens while it runs: notes (a line each) and progress (at most four
/// times a second, and once more when the run ends). The command line prints them; tests may keep them.
public struct RunObserver: Sendable {
    public var note: @Sendable (String) -> Void
    public var progress: @Sendable (RunProgress) -> Void

    public init(note: @escaping @Sendable (String) -> Void = { _ in }, progress: @escaping @Sendable (RunProgress) -> Void = { _ in }) {
        self.note = note
        self.progress = progress
    }

    /// Says nothing.
    public static let silent = RunObserver()
}

/// Where a run is.
public struct RunProgress: Sendable, Equatable {
    /// Nanoseconds since the run started.
    public var elapsed: Int64
    /// Jobs ended, of `total`.
    public var done: Int
    public var total: Int
    public var inFlight: Int
    public var violations: Int
    /// The last report: the run has ended.
    public var finished: Bool

    public init(elapsed: Int64, done: Int, total: Int, inFlight: Int, violations: Int, finished: Bool) {
        self.elapsed = elapsed
        self.done = done
        self.total = total
        self.inFlight = inFlight
        self.violations = violations
        self.finished = finished
    }
}
