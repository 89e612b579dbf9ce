/// When jobs are meant to start in the open model: a pure plan, from which latency is measured.
///
/// Like Vegeta's pacer, the schedule says when the n-th job should be submitted regardless of how the target
/// is doing, so a slow target shows up as latency (and late starts), not as a quietly lower rate.
public struct ArrivalSchedule: Sendable {
    /// How inter-arrival gaps are drawn.
    public enum Process: String, Sendable, CaseIterable {
        /// Evenly spaced: job n at n / rate.
        case constant
        /// A Poisson process: exponential gaps with mean 1 / rate.
        case poisson
    }

    public let rate: Double
    public let process: Process
    private var rng: SeededRandom
    private var next: Double = 0
    private var count = 0

    /// `rate` is in jobs per second and must be positive.
    public init(rate: Double, process: Process, seed: UInt64) {
        precondition(rate > 0, "rate must be positive")
        self.rate = rate
        self.process = process
        rng = SeededRandom(seed: seed, stream: 0xA11_1AB1E)
    }

    /// The intended start of the next job, as an offset from the run's start.
    public mutating func nextStart() -> Span {
        let start: Double
        switch process {
        case .constant:
            start = Double(count) / rate
        case .poisson:
            start = next
            next += rng.exponential(mean: 1 / rate)
        }
        count += 1
        return Span(nanoseconds: Int64(start * 1e9))
    }
}
