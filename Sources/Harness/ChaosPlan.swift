import LoadModel

/// The nemesis of a run: which faults, how often and how long, how soon the target must answer again, and
/// the target's processes when the run controls them. Recorded in plan.json as `chaos`.
public struct ChaosPlan: Sendable, Equatable {
    /// The faults drawn for the windows (`--nemesis`, repeatable).
    public var faults: [NemesisFault]
    /// Mean quiet time before each window (`--nemesis-interval`).
    public var interval: Span = .seconds(3)
    /// Mean length of a window (`--nemesis-duration`).
    public var duration: Span = .seconds(1)
    /// After a window closes, the API must answer again within this (`--recovery-timeout`), invariant 13.
    public var recoveryTimeout: Span = .seconds(10)
    /// The target's start command (`--target-cmd`), run as `/bin/sh -c` in its own process group.
    public var targetCommand: String?
    /// A URL that answers once the target is ready (`--target-ready`); nil uses the target URL.
    public var targetReady: String?
    /// How long a start or restart may take to become ready (`--target-ready-timeout`).
    public var readyTimeout: Span = .seconds(30)
    /// A process started elsewhere, for `pause` (`--target-pid`).
    public var targetPid: Int32?

    public init(faults: [NemesisFault]) { self.faults = faults }

    /// Whether the run's traffic goes through a fault proxy.
    public var needsProxy: Bool { faults.contains { $0.needsProxy } }
    /// Whether a fault kills the target, so that jobs may be lost across a restart.
    public var restartsTarget: Bool { faults.contains { $0.needsCommand } }
}

extension NemesisFault: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try NemesisFault.parse(text, flag: "nemesis") } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension ChaosPlan: Codable {
    enum CodingKeys: String, CodingKey {
        case faults, interval = "interval_ns", duration = "duration_ns", recoveryTimeout = "recovery_timeout_ns"
        case targetCommand = "target_cmd", targetReady = "target_ready", readyTimeout = "ready_timeout_ns", targetPid = "target_pid"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        faults = try c.decode([NemesisFault].self, forKey: .faults)
        interval = try c.decode(Span.self, forKey: .interval)
        duration = try c.decode(Span.self, forKey: .duration)
        recoveryTimeout = try c.decode(Span.self, forKey: .recoveryTimeout)
        targetCommand = try c.decodeIfPresent(String.self, forKey: .targetCommand)
        targetReady = try c.decodeIfPresent(String.self, forKey: .targetReady)
        readyTimeout = try c.decode(Span.self, forKey: .readyTimeout)
        targetPid = try c.decodeIfPresent(Int32.self, forKey: .targetPid)
        if faults.isEmpty, targetCommand == nil {
            throw DecodingError.dataCorruptedError(forKey: .faults, in: c, debugDescription: "expected at least one fault, or a target_cmd")
        }
        for (key, span) in [(CodingKeys.interval, interval), (.duration, duration), (.recoveryTimeout, recoveryTimeout), (.readyTimeout, readyTimeout)]
        where !ChaosPlan.spanLimits.contains(span) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected 1ms to 1h, found \(span.nanoseconds) ns")
        }
    }

    /// The range every chaos duration is checked against, on the command line and in plan.json.
    public static let spanLimits: ClosedRange<Span> = .milliseconds(1)...(.hours(1))
}
