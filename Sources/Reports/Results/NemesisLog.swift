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

    /// The windows' summary and, per window, invariant 13's verdict. Windows come in order and do not overlap.
    ///
    /// - during: exchanges completed inside the window;
    /// - after: exchanges completed from its end for the recovery timeout, or until the next window opens;
    /// - recovery: the first exchange sent after the end (within the timeout) that got a definite answer (ok or
    ///   fail) passes it, `recoveredNs` being from the end to that answer; exchanges sent then with none answered
    ///   fail it; nothing sent then leaves it unknown. Send times decide both, so a late answer to a request sent
    ///   in time still counts (every exchange ends within the request timeout).
    ///
    /// Sorted copies and binary searches keep it near linear in the exchanges, however many windows there are.
    public func summarize(_ windows: [Window], recoveryTimeout: Int64) -> NemesisSummary {
        let byCompletion = entries.sorted { $0.completed < $1.completed }
        let bySend = entries.sorted { $0.sent < $1.sent }
        let completions = byCompletion.map(\.completed)
        let sends = bySend.map(\.sent)
        // Each violation belongs to the last window opened before it, if it fell inside that window or its
        // recovery span: counted once even where the spans of windows overlap.
        let starts = windows.map(\.start)
        var violationsIn: [Int: Int] = [:]
        for t in violationTimes {
            let i = Self.firstIndex(in: starts, atLeast: t &+ 1) - 1
            guard i >= 0, t < windows[i].end &+ recoveryTimeout else { continue }
            violationsIn[windows[i].number, default: 0] += 1
        }
        var out: [NemesisSummary.Window] = []
        for (k, w) in windows.enumerated() {
            let spanEnd = w.end &+ recoveryTimeout
            let afterEnd = k + 1 < windows.count ? min(spanEnd, windows[k + 1].start) : spanEnd
            let during = Self.traffic(byCompletion, Self.firstIndex(in: completions, atLeast: w.start)..<Self.firstIndex(in: completions, atLeast: w.end))
            let after = Self.traffic(byCompletion, Self.firstIndex(in: completions, atLeast: w.end)..<Self.firstIndex(in: completions, atLeast: afterEnd))
            let candidates = Self.firstIndex(in: sends, atLeast: w.end)..<Self.firstIndex(in: sends, atLeast: spanEnd)
            let answered = candidates.first { bySend[$0].outcome != .info }.map { bySend[$0].completed - w.end }
            let recovery = answered != nil ? "pass" : candidates.isEmpty ? "unknown" : "fail"
            out.append(.init(number: w.number, fault: w.fault, startNs: w.start, endNs: w.end, healedNs: w.healed, note: w.note,
                             during: during, after: after, recoveredNs: answered.map { max(0, $0) }, recovery: recovery,
                             violations: violationsIn[w.number] ?? 0))
        }
        // Answers lost inside a window or its recovery span (spans may overlap: each answer counted once).
        var lost = 0
        for e in byCompletion where e.outcome == .info {
            let i = Self.firstIndex(in: starts, atLeast: e.completed &+ 1) - 1
            if i >= 0, e.completed < windows[i].end &+ recoveryTimeout { lost += 1 }
        }
        return NemesisSummary(windows: out, recoveryTimeoutNs: recoveryTimeout, infoInFaultSpans: lost)
    }

    /// The first index of sorted `values` whose value is at least `x` (`values.count` when none is).
    static func firstIndex(in values: [Int64], atLeast x: Int64) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func traffic(_ entries: [Entry], _ range: Range<Int>) -> NemesisSummary.Traffic {
        var t = NemesisSummary.Traffic()
        var latency = Histogram()
        for e in entries[range] {
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
