/// What the driver will do to one job, drawn from the run's seed alone.
public struct JobPlan: Sendable, Equatable {
    /// The job's sequence number in the run, from 0.
    public var index: Int
    public var point: CancelPoint
    /// Where in the running window a `running` cancel lands, or the progress a `progress` cancel waits
    /// for, in [0.05, 0.95).
    public var fraction: Double
    /// Where within ±jitter a `claim` or `racing-completion` cancel lands, in [-1, 1).
    public var jitter: Double
    /// How many concurrent cancels a duplicate point sends.
    public var copies: Int

    public init(index: Int, point: CancelPoint, fraction: Double = 0.5, jitter: Double = 0, copies: Int = 1) {
        self.index = index
        self.point = point
        self.fraction = fraction
        self.jitter = jitter
        self.copies = copies
    }
}

/// Draws job plans: a pure function of (seed, job index), so a plan replays exactly from the seed.
public struct Planner: Sendable {
    public var seed: UInt64
    public var mix: CancelMix
    /// Concurrent cancels per duplicate job (at least 2).
    public var duplicates: Int

    public init(seed: UInt64, mix: CancelMix = .standard, duplicates: Int = 3) {
        self.seed = seed
        self.mix = mix
        self.duplicates = max(2, duplicates)
    }

    public func plan(_ index: Int) -> JobPlan {
        var rng = SeededRandom(seed: seed, stream: UInt64(index))
        let point = mix.point(for: rng.unit())
        let fraction = 0.05 + 0.9 * rng.unit()
        let jitter = 2 * rng.unit() - 1
        let copies = point == .duplicate || point == .duplicateSameKey ? duplicates : 1
        return JobPlan(index: index, point: point, fraction: fraction, jitter: jitter, copies: copies)
    }
}
