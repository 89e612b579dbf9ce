import LoadModel
import ReferenceTarget

/// The embedded reference target a run plays against when it has no `--target`: which contract, its seed,
/// its job timing and the bugs planted in it. Everything else is the target's default.
public struct EmbeddedPlan: Sendable, Equatable, Codable {
    public var dialect: Dialect
    /// Seed of the target's own randomness (independent of the plan's seed).
    public var seed: UInt64
    public var queueDelay: DelayDistribution
    public var runTime: DelayDistribution
    /// Probability that a job fails, 0 to 1.
    public var failureRate: Double
    /// Planted bugs and their probability per chance, by name.
    public var faults: [Fault: Double]

    enum CodingKeys: String, CodingKey {
        case dialect, seed, queueDelay = "queue_delay", runTime = "run_time", failureRate = "failure_rate", faults
    }

    /// The defaults of `dialect`'s reference target.
    public init(dialect: Dialect) {
        let d = TargetConfig(dialect: dialect)
        self.dialect = dialect
        seed = d.seed
        queueDelay = d.queueDelay
        runTime = d.runTime
        failureRate = d.failureRate
        faults = d.faults
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dialect = try c.decode(Dialect.self, forKey: .dialect)
        seed = try c.decode(UInt64.self, forKey: .seed)
        queueDelay = try c.decode(DelayDistribution.self, forKey: .queueDelay)
        runTime = try c.decode(DelayDistribution.self, forKey: .runTime)
        failureRate = try c.decode(Double.self, forKey: .failureRate)
        guard (0...1).contains(failureRate) else {
            throw DecodingError.dataCorruptedError(forKey: .failureRate, in: c, debugDescription: "expected 0 to 1, found \(failureRate)")
        }
        // Faults by name (a JSON object), each probability 0 to 1.
        let named = try c.decode([String: Double].self, forKey: .faults)
        var faults: [Fault: Double] = [:]
        for (name, p) in named {
            guard let fault = Fault(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .faults, in: c, debugDescription: "unknown fault \"\(name)\"")
            }
            guard (0...1).contains(p) else {
                throw DecodingError.dataCorruptedError(forKey: .faults, in: c, debugDescription: "fault \(name): expected a probability 0 to 1, found \(p)")
            }
            faults[fault] = p
        }
        self.faults = faults
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dialect, forKey: .dialect)
        try c.encode(seed, forKey: .seed)
        try c.encode(queueDelay, forKey: .queueDelay)
        try c.encode(runTime, forKey: .runTime)
        try c.encode(failureRate, forKey: .failureRate)
        try c.encode(Dictionary(uniqueKeysWithValues: faults.map { ($0.key.rawValue, $0.value) }), forKey: .faults)
    }

    /// The reference target's configuration for this plan.
    public var config: TargetConfig {
        var config = TargetConfig(dialect: dialect)
        config.seed = seed
        config.queueDelay = queueDelay
        config.runTime = runTime
        config.failureRate = failureRate
        config.faults = faults
        return config
    }
}
