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
        /// Reads sent after the verifying read that follows a job's end (its first terminal read, once every
        /// cancel answered): the first a poll interval later, each next twice as far, so a final state that
        /// changes later (`cancelled`, then `succeeded`) is seen: Jepsen's final reads. N reads watch a window
        /// of (2^N − 1) poll intervals.
        public var settleReads: Int

        public init(pollInterval: Span, timeout: Span, cancelDeadline: Span = .seconds(10),
                    raceJitter: Span = .milliseconds(5), shortTimeout: Span = .milliseconds(1), settleReads: Int = 0) {
            self.pollInterval = pollInterval
            self.timeout = timeout
            self.cancelDeadline = cancelDeadline
            self.raceJitter = raceJitter
            self.shortTimeout = shortTimeout
            self.settleReads = settleReads
        }

        /// plan.json's names (durations in nanoseconds).
        enum CodingKeys: String, CodingKey {
            case pollInterval = "poll_interval_ns", timeout = "job_timeout_ns", cancelDeadline = "cancel_deadline_ns"
            case raceJitter = "race_jitter_ns", shortTimeout = "short_timeout_ns", settleReads = "settle_reads"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pollInterval = try c.decode(Span.self, forKey: .pollInterval)
            timeout = try c.decode(Span.self, forKey: .timeout)
            cancelDeadline = try c.decode(Span.self, forKey: .cancelDeadline)
            raceJitter = try c.decode(Span.self, forKey: .raceJitter)
            shortTimeout = try c.decode(Span.self, forKey: .shortTimeout)
            // A plan written before settle reads existed played none: a replay of it plays none either.
            settleReads = try c.decodeIfPresent(Int.self, forKey: .settleReads) ?? 0
            guard (0...20).contains(settleReads) else {
                throw DecodingError.dataCorruptedError(forKey: .settleReads, in: c, debugDescription: "expected 0 to 20 settle reads, found \(settleReads)")
            }
        }
    }

    /// What a profile says that changes how a job is played: when a "gone" answer ends it, and which calls
    /// the unknown-id probe goes to.
    public struct Rules: Sendable, Equatable {
        public var retention: Retention
        public var unknownIdCalls: Set<OperationKind>
        /// Whether a submit answered indeterminate (a reset, a timeout, a 5xx) is sent again under the same
        /// Idempotency-Key, as a careful client does: only where the submit carries a key, so the retry cannot
        /// create a second job on a correct API.
        public var retrySubmits: Bool

        public init(retention: Retention = Retention(), unknownIdCalls: Set<OperationKind> = [.cancel], retrySubmits: Bool = false) {
            self.retention = retention
            self.unknownIdCalls = unknownIdCalls
            self.retrySubmits = retrySubmits
        }

        public init(profile: Profile) {
            self.init(retention: profile.retention, unknownIdCalls: profile.probes.calls, retrySubmits: profile.submitHasKey)
        }
    }
}
