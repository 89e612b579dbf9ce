/// Learns, online, how long jobs run from the first read that shows them running to the first read that
/// shows them terminal, so cancels aimed "while running" land inside the running window.
public struct DurationEstimator: Sendable {
    /// The current estimate; starts at `initial` until samples arrive.
    public private(set) var estimate: Span
    public private(set) var samples = 0

    public init(initial: Span = .milliseconds(100)) { estimate = initial }

    /// Adds one observed running duration (exponentially weighted, faster at first).
    public mutating func add(_ sample: Span) {
        guard sample.nanoseconds > 0 else { return }
        samples += 1
        let weight = max(0.05, 1 / Double(samples))
        estimate = Span(nanoseconds: Int64(Double(estimate.nanoseconds) * (1 - weight) + Double(sample.nanoseconds) * weight))
    }
}
