/// When the nemesis opens its windows and what each one does: a pure, seeded plan, so the same seed gives the
/// same faults at the same offsets (Jepsen's nemesis generator). The driver performs it; this only decides.
///
/// Each window follows a quiet gap drawn uniformly from ½ to 1½ × `interval`, and lasts ½ to 1½ × `duration`;
/// its fault is drawn uniformly from the list.
public struct NemesisSchedule: Sendable {
    /// One window of the plan: opened `gap` after the previous one closed (or the run started).
    public struct Window: Sendable, Equatable {
        public var number: Int
        public var fault: NemesisFault
        public var gap: Span
        public var length: Span
    }

    public let faults: [NemesisFault]
    public let interval: Span
    public let duration: Span
    private var random: SeededRandom
    private var count = 0

    public init(faults: [NemesisFault], interval: Span, duration: Span, seed: UInt64) {
        precondition(!faults.isEmpty, "a nemesis schedule needs a fault")
        self.faults = faults
        self.interval = interval
        self.duration = duration
        // A stream of its own, so the windows do not shift the cancel plan or the arrivals of the same seed.
        random = SeededRandom(seed: seed, stream: 0x6E65_6D65_7369_73)
    }

    /// The next window.
    public mutating func next() -> Window {
        count += 1
        let gap = interval * (0.5 + random.unit())
        let length = duration * (0.5 + random.unit())
        let fault = faults[Int(random.next() % UInt64(faults.count))]
        return Window(number: count, fault: fault, gap: gap, length: length)
    }
}
