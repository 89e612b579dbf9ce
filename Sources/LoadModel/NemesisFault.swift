/// One fault the nemesis can put on the target for a window (`--nemesis KIND[:OPTION]`), Jepsen's nemesis for
/// job APIs: the target's processes paused, killed or restarted, or its connections cut, delayed or reset.
public struct NemesisFault: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable, Hashable {
        /// SIGSTOP of the target's processes, SIGCONT when the window closes.
        case pause
        /// SIGKILL of the target's processes, restarted when the window closes.
        case kill
        /// SIGTERM, a grace period, SIGKILL if still there; restarted when the window closes.
        case restart
        /// No connection reaches the target (through the fault proxy): held unanswered, or refused.
        case partition
        /// Delay added to every answer (through the fault proxy).
        case latency
        /// Answers dropped and the connection reset after the server acted (through the fault proxy).
        case reset
    }

    public enum Partition: String, Sendable, CaseIterable, Hashable {
        /// Accepted, never answered: the client hangs until its request timeout.
        case blackhole
        /// Reset at once: the client sees a connection error.
        case refuse
    }

    public var kind: Kind
    /// For `partition`.
    public var partition: Partition = .blackhole
    /// For `latency`: the delay added to each answer.
    public var latency: Span = .milliseconds(200)
    /// For `reset`: the chance that an answer is dropped, 0–1.
    public var resetProbability = 0.5
    /// For `restart`: how long SIGTERM is given before SIGKILL.
    public var grace: Span = .seconds(5)

    public init(kind: Kind) { self.kind = kind }

    /// Whether the fault works through the fault proxy (the run's traffic is routed through one).
    public var needsProxy: Bool { kind == .partition || kind == .latency || kind == .reset }
    /// Whether the fault needs the target started by the run (`--target-cmd`), to be restarted.
    public var needsCommand: Bool { kind == .kill || kind == .restart }

    /// The form `--nemesis` takes, with its option: `pause`, `kill`, `restart:5s`, `partition:refuse`,
    /// `latency:200ms`, `reset:0.5`.
    public var description: String {
        switch kind {
        case .pause, .kill: return kind.rawValue
        case .restart: return "restart:\(DurationText.exact(grace))"
        case .partition: return "partition:\(partition.rawValue)"
        case .latency: return "latency:\(DurationText.exact(latency))"
        case .reset: return "reset:\(JSONText.number(resetProbability))"
        }
    }

    /// Parses `KIND[:OPTION]`; every mistake names the flag, the text and what was expected.
    public static func parse(_ text: String, flag: String = "--nemesis") throws(UsageError) -> NemesisFault {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kind = Kind(rawValue: parts[0]) else {
            throw UsageError("\(flag): unknown fault '\(parts[0])'; expected one of \(kinds), with an option after ':' (partition:refuse, latency:200ms, reset:0.5, restart:5s)")
        }
        var fault = NemesisFault(kind: kind)
        guard parts.count == 2 else { return fault }
        let option = parts[1]
        switch kind {
        case .pause, .kill:
            throw UsageError("\(flag): '\(kind.rawValue)' takes no option, found '\(text)'")
        case .restart:
            fault.grace = try DurationText.parse(option, flag: "\(flag) restart", in: .milliseconds(1)...(.seconds(600)))
        case .partition:
            guard let p = Partition(rawValue: option) else {
                throw UsageError("\(flag): expected partition:blackhole or partition:refuse, found '\(text)'")
            }
            fault.partition = p
        case .latency:
            fault.latency = try DurationText.parse(option, flag: "\(flag) latency", in: .milliseconds(1)...(.seconds(600)))
        case .reset:
            guard let p = ShareText.parse(option), p > 0, p <= 1 else {
                throw UsageError("\(flag): expected reset:P with P above 0 and at most 1, or a percentage (reset:5%), the share of answers dropped; found '\(text)'")
            }
            fault.resetProbability = p
        }
        return fault
    }
}
