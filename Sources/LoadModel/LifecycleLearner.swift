/// What the run has learned of the target's job lifecycle so far (time queued, time running, whole life),
/// from the jobs that ended: the estimates cancel points aim at ("while queued", "racing completion").
public struct LifecycleLearner: Sendable {
    private var queue = DurationEstimator(initial: .milliseconds(30))
    private var run = DurationEstimator(initial: .milliseconds(100))
    private var life = DurationEstimator(initial: .milliseconds(130))

    public init() {}

    /// Adds what one ended job's script observed.
    public mutating func add(queue q: Span?, run r: Span?, life l: Span?) {
        if let q { queue.add(q) }
        if let r { run.add(r) }
        if let l { life.add(l) }
    }

    /// The current estimates.
    public var estimates: LifecycleEstimates {
        LifecycleEstimates(queue: queue.estimate, run: run.estimate, life: life.estimate)
    }
}
