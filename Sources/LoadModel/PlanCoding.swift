/// How the plan's values are written in plan.json: spans as integer nanoseconds, a cancel mix as its weights,
/// thresholds as their expressions (parsed again, so a plan.json edited by hand is checked like a flag).
extension Span: Codable {
    public init(from decoder: Decoder) throws { nanoseconds = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(nanoseconds)
    }
}

extension CancelPoint: Codable {}

extension ArrivalSchedule.Process: Codable {}

extension CancelMix: Codable {
    struct Weight: Codable {
        var point: CancelPoint
        var weight: Double
    }

    public init(from decoder: Decoder) throws {
        let weights = try decoder.singleValueContainer().decode([Weight].self)
        guard weights.allSatisfy({ $0.weight >= 0 && $0.weight.isFinite }), weights.contains(where: { $0.weight > 0 }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected weights ≥ 0, one of them above 0"))
        }
        self.init(uncheckedWeights: weights.map { ($0.point, $0.weight) })
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(weights.map { Weight(point: $0.point, weight: $0.weight) })
    }
}


extension Threshold: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Threshold.parse(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(expression)
    }
}
