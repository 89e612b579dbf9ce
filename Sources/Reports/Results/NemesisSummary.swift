import LoadModel

/// The nemesis's windows as summary.json, nemesis.csv and the report show them: each fault's span, the traffic
/// during it and in the recovery span after it, how soon the API answered again (invariant 13), and the
/// violations found inside it.
public struct NemesisSummary: Sendable, Equatable, Codable {
    public var windows: [Window]
    /// After a window closes, the API must answer again within this, nanoseconds (`--recovery-timeout`).
    public var recoveryTimeoutNs: Int64
    /// Exchanges with no usable answer (`info`) completed inside a window or its recovery span, each counted
    /// once: the answers the faults took, which say nothing about whether the harness could run.
    public var infoInFaultSpans: Int = 0

    /// One fault window.
    public struct Window: Sendable, Equatable, Codable {
        public var number: Int
        /// The fault as `--nemesis` spells it (`kill`, `partition:refuse`, `latency:200ms`).
        public var fault: String
        /// When the fault was put on and lifted, ns since the run started.
        public var startNs: Int64
        public var endNs: Int64
        /// When lifting it was done (a restarted target ready), ns since the run started; nil when it failed.
        public var healedNs: Int64?
        /// What went wrong putting it on or lifting it (a restart that failed), else empty.
        public var note: String
        /// Exchanges answered (or failed) while the fault was on.
        public var during: Traffic
        /// Exchanges completed after the window: from its end for `--recovery-timeout`, or until the next window
        /// opens if sooner.
        public var after: Traffic
        /// From the window's end to the definite answer (ok or fail) of the first request sent after it, within the
        /// recovery timeout, that got one, ns; nil when none did.
        public var recoveredNs: Int64?
        /// Invariant 13 for this window: pass, fail, or unknown (nothing was sent after it).
        public var recovery: String
        /// Violations whose last evidence fell inside the window or its recovery span (and after any later window
        /// opened: each violation is counted in one window at most).
        public var violations: Int

        enum CodingKeys: String, CodingKey {
            case number, fault, startNs = "start_ns", endNs = "end_ns", healedNs = "healed_ns", note, during, after
            case recoveredNs = "recovered_ns", recovery, violations
        }
    }

    /// Answers in a span: `info` ones (no answer, a reset, a timeout, a 5xx) are counted apart, never as fail.
    public struct Traffic: Sendable, Equatable, Codable {
        public var exchanges = 0
        public var ok = 0
        public var fail = 0
        public var info = 0
        /// Latency of the answered exchanges (ok or fail) from their send, ns; 0 when none.
        public var p50Ns: Int64 = 0
        public var p99Ns: Int64 = 0

        public init() {}

        enum CodingKeys: String, CodingKey { case exchanges, ok, fail, info, p50Ns = "p50_ns", p99Ns = "p99_ns" }
    }

    enum CodingKeys: String, CodingKey { case windows, recoveryTimeoutNs = "recovery_timeout_ns", infoInFaultSpans = "info_in_fault_spans" }

    public init(windows: [Window], recoveryTimeoutNs: Int64, infoInFaultSpans: Int = 0) {
        self.windows = windows
        self.recoveryTimeoutNs = recoveryTimeoutNs
        self.infoInFaultSpans = infoInFaultSpans
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        windows = try c.decode([Window].self, forKey: .windows)
        recoveryTimeoutNs = try c.decode(Int64.self, forKey: .recoveryTimeoutNs)
        infoInFaultSpans = try c.decodeIfPresent(Int.self, forKey: .infoInFaultSpans) ?? 0
    }

    /// Indeterminate answers inside the windows, over all windows.
    public var infoDuring: Int { windows.reduce(0) { $0 + $1.during.info } }

    /// One line for the text summary.
    public var line: String {
        var kinds: [String: Int] = [:]
        for w in windows { kinds[w.fault, default: 0] += 1 }
        let faults = kinds.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
        let recovered = windows.filter { $0.recovery == "pass" }.count
        let failed = windows.filter { $0.recovery == "fail" }.count
        let slowest = windows.compactMap(\.recoveredNs).max().map { String(format: "%.2f s", Double($0) / 1e9) } ?? "n/a"
        let during = windows.reduce(0) { $0 + $1.during.exchanges }
        return "nemesis: \(windows.count) windows (\(faults)); \(during) exchanges inside them, \(infoDuring) indeterminate (info, never counted as fail); "
            + "recovered \(recovered) of \(windows.count)" + (failed > 0 ? ", \(failed) did not within \(DurationText.exact(Span(nanoseconds: recoveryTimeoutNs)))" : "")
            + ", slowest \(slowest)"
    }

    /// nemesis.csv: one row per window (every column documented in docs/results.md).
    public var csv: String {
        var out = "window,fault,start_ns,end_ns,healed_ns,during_exchanges,during_ok,during_fail,during_info,during_p50_ns,during_p99_ns,"
            + "after_exchanges,after_ok,after_fail,after_info,after_p50_ns,after_p99_ns,recovered_ns,recovery,violations,note\n"
        for w in windows {
            let cells: [String] = [
                String(w.number), w.fault, String(w.startNs), String(w.endNs), w.healedNs.map(String.init) ?? "",
                String(w.during.exchanges), String(w.during.ok), String(w.during.fail), String(w.during.info),
                String(w.during.p50Ns), String(w.during.p99Ns),
                String(w.after.exchanges), String(w.after.ok), String(w.after.fail), String(w.after.info),
                String(w.after.p50Ns), String(w.after.p99Ns),
                w.recoveredNs.map(String.init) ?? "", w.recovery, String(w.violations), w.note,
            ]
            var bytes: [UInt8] = []
            for (i, cell) in cells.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                CSVWriter.append(cell, to: &bytes)
            }
            out += String(decoding: bytes, as: UTF8.self) + "\n"
        }
        return out
    }
}
