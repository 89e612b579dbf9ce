/// The reference target's settings as a run's plan.json records them (durations in nanoseconds).
extension Dialect: Codable {}

extension Fault: Codable {}

extension DelayDistribution: Codable {
    enum CodingKeys: String, CodingKey { case kind, ns, minNs = "min_ns", maxNs = "max_ns", meanNs = "mean_ns", capNs = "cap_ns" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "fixed": self = .fixed(try c.decode(Int64.self, forKey: .ns))
        case "uniform": self = .uniform(min: try c.decode(Int64.self, forKey: .minNs), max: try c.decode(Int64.self, forKey: .maxNs))
        case "exponential": self = .exponential(mean: try c.decode(Int64.self, forKey: .meanNs), cap: try c.decode(Int64.self, forKey: .capNs))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "expected fixed, uniform or exponential, found \"\(other)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let ns): try c.encode("fixed", forKey: .kind); try c.encode(ns, forKey: .ns)
        case .uniform(let lo, let hi): try c.encode("uniform", forKey: .kind); try c.encode(lo, forKey: .minNs); try c.encode(hi, forKey: .maxNs)
        case .exponential(let mean, let cap): try c.encode("exponential", forKey: .kind); try c.encode(mean, forKey: .meanNs); try c.encode(cap, forKey: .capNs)
        }
    }
}
