extension JobScript {
    /// Timing knobs shared by every job of a run.
    public struct Settings: Sendable, Equatable, Codable {
        public var pollInterval: Span
        /// A job not terminal this long after its submit answer is given up, unless a cancel of it was accepted.
        public var timeout: Span
        /// A job must read terminal this long after its first cancel was accepted (invariant 10): it is read until
        /// then, whatever `timeout` says, then once more, and given up if still not terminal.
        public var cancelDeadline: Span
        /// Half-width of the window `claim` and `racing-completion` cancels land in.
        public var raceJitter: Span
        /// The client timeout of the first `retry-timeout` cancel.
        public var shortTimeout: Span

        public init(pollInterval: Span, timeout: Span, cancelDeadline: Span = .seconds(10),
                    raceJitter: Span = .milliseconds(5), shortTimeout: Span = .milliseconds(1)) {
            self.pollInterval = pollInterval
            self.timeout = timeout
            self.cancelDeadline = cancelDeadline
            self.raceJitter = raceJitter
            self.shortTimeout = shortTimeout
        }

        /// plan.json's names (durations in nanoseconds).
        enum CodingKeys: String, CodingKey {
            case pollInterval = "poll_interval_ns", timeout = "job_timeout_ns", cancelDeadline = "cancel_deadline_ns"
            case raceJitter = "race_jitter_ns", shortTimeout = "short_timeout_ns"
        }
    }
}
