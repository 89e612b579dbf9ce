import HdrHistogram
import LoadModel

/// What the run keeps to judge its fault windows: each exchange's send and completion and how it ended, in a
/// compact record (only when a nemesis runs), and each violation's time. At the end it makes the windows'
/// summary and the recovery verdicts (invariant 13).
public struct NemesisLog: Sendable {
    struct Entry: Sendable {
        var sent: Int64
        var completed: Int64
        var outcome: Outcome
    }

    /// A window as the nemesis performed it.
    public struct Window: Sendable, Equatable {
        public var number: Int
        public var fault: String
        public var start: Int64
        public var end: Int64
        public var healed: Int64?
        public var note: String

        public init(number: Int, fault: String, start: Int64, end: Int64, healed: Int64?, note: String) {
            self.number = number
            self.fault = fault
            self.start = start
            self.end = end
            self.healed = healed
            self.note = note
        }
    }

    private var entries: [Entry] = []
    private var violationTimes: [Int64] = []

    public init() {}

    /// Records one exchange (times in ns since the run started).
    public mutating func record(sent: Int64, completed: Int64, outcome: Outcome) {
        entries.append(Entry(sent: sent, completed: completed, outcome: outcome))
    }

    /// Records a violation at the completion of its last evidence.
    public mutating func recordViolation(at t: Int64) { violationTimes.append(t) }

    /// The windows' summary and, per window, invariant 13's verdict (nil where nothing was sent after it).
    public func summarize(_ windows: [Window], recoveryTimeout: Int64) -> NemesisSummary {
        // Each violation belongs to the last window opened before it, if it fell inside that window or its
        // recovery span: counted once even where the spans of windows overlap.
        var violationsIn: [Int: Int] = [:]
        for t in violationTimes {
            guard let w = windows.last(where: { $0.start <= t }), t < w.end &+ recoveryTimeout else { continue }
            violationsIn[w.number, default: 0] += 1
        }
        var out: [NemesisSummary.Window] = []
        for w in windows {
            let span = w.end..<(w.end &+ recoveryTimeout)
            let during = traffic { w.start <= $0.completed && $0.completed < w.end }
            let after = traffic { span.contains($0.completed) }
            // The first definite answer to an exchange sent after the window closed.
            let answered = entries.filter { $0.sent >= w.end && $0.outcome != .info }.map(\.completed).min()
            let recovered = answered.map { $0 - w.end }.flatMap { $0 < recoveryTimeout ? $0 : nil }
            let tried = entries.contains { $0.sent >= w.end && $0.sent < span.upperBound }
            let recovery = recovered != nil ? "pass" : tried ? "fail" : "unknown"
            let violations = violationsIn[w.number] ?? 0
            out.append(.init(number: w.number, fault: w.fault, startNs: w.start, endNs: w.end, healedNs: w.healed, note: w.note,
                             during: during, after: after, recoveredNs: recovered, recovery: recovery, violations: violations))
        }
        let spans = windows.map { $0.start..<($0.end &+ recoveryTimeout) }
        let lost = entries.filter { e in e.outcome == .info && spans.contains { $0.contains(e.completed) } }.count
        return NemesisSummary(windows: out, recoveryTimeoutNs: recoveryTimeout, infoInFaultSpans: lost)
    }

    private func traffic(_ inside: (Entry) -> Bool) -> NemesisSummary.Traffic {
        var t = NemesisSummary.Traffic()
        var latency = Histogram()
        for e in entries where inside(e) {
            t.exchanges += 1
            switch e.outcome {
            case .ok: t.ok += 1
            case .fail: t.fail += 1
            case .info: t.info += 1
            }
            if e.outcome != .info { latency.record(max(1, e.completed - e.sent)) }
        }
        if t.ok + t.fail > 0 {
            t.p50Ns = latency.value(atPercentile: 50)
            t.p99Ns = latency.value(atPercentile: 99)
        }
        return t
    }
}
