/// Weights over cancel points: each job draws its point with probability weight / total.
public struct CancelMix: Sendable, Equatable, CustomStringConvertible {
    public private(set) var weights: [(point: CancelPoint, weight: Double)]

    /// The default mix: most jobs are cancelled somewhere, a fifth run free, a few probe the contract.
    public static let standard = CancelMix(uncheckedWeights: [
        (.none, 20), (.afterSubmit, 6), (.queued, 8), (.claim, 8), (.running, 10), (.progress, 6),
        (.racingCompletion, 10), (.afterTerminal, 8), (.duplicate, 6), (.duplicateSameKey, 6), (.keyPayload, 3),
        (.retryTimeout, 3), (.replaySubmit, 4), (.unknownId, 2), (.missingId, 2), (.noToken, 1), (.unpaid, 1),
    ])

    init(uncheckedWeights: [(point: CancelPoint, weight: Double)]) { weights = uncheckedWeights }

    /// Parses `none=3,running=2,duplicate=1`; unnamed points get weight 0.
    public init(parsing text: String) throws(UsageError) {
        var weights: [(point: CancelPoint, weight: Double)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            let names = CancelPoint.allCases.map(\.rawValue).joined(separator: ", ")
            guard parts.count == 2, !parts[0].isEmpty else {
                throw UsageError("--cancel-mix: expected POINT=WEIGHT, found \"\(item)\"; points: \(names)")
            }
            guard let point = CancelPoint(rawValue: parts[0]) else {
                throw UsageError("--cancel-mix: unknown cancel point \"\(parts[0])\"; points: \(names)")
            }
            guard let w = Double(parts[1]), w >= 0, w.isFinite else {
                throw UsageError("--cancel-mix: weight of \(parts[0]) must be a number ≥ 0, found \"\(parts[1])\"")
            }
            if weights.contains(where: { $0.point == point }) { throw UsageError("--cancel-mix: \(parts[0]) given twice") }
            weights.append((point, w))
        }
        guard weights.reduce(0, { $0 + $1.weight }) > 0 else { throw UsageError("--cancel-mix: the weights add up to 0") }
        self.weights = weights
    }

    /// The mix a profile can play: points it cannot support are dropped. A point the user asked for by name
    /// that the profile cannot play is an error (`explicit`); from the standard mix it is dropped quietly.
    public func fitted(to profile: Profile, explicit: Bool) throws(UsageError) -> CancelMix {
        var kept: [(point: CancelPoint, weight: Double)] = []
        for (point, weight) in weights {
            if let why = point.unsupported(by: profile) {
                if explicit, weight > 0 { throw UsageError("--cancel-mix: profile \(profile.name) cannot play \(point.rawValue): \(why)") }
                continue
            }
            kept.append((point, weight))
        }
        return CancelMix(uncheckedWeights: kept)
    }

    /// The mix without `point` (its weight dropped); an error if nothing would be left.
    public func without(_ point: CancelPoint) throws(UsageError) -> CancelMix {
        let kept = weights.filter { $0.point != point }
        guard kept.contains(where: { $0.weight > 0 }) else { throw UsageError("--cancel-mix: nothing left to play without \(point.rawValue)") }
        return CancelMix(uncheckedWeights: kept)
    }

    /// The point for a uniform draw `u` in [0, 1).
    public func point(for u: Double) -> CancelPoint {
        let total = weights.reduce(0) { $0 + $1.weight }
        var x = u * total
        for (point, w) in weights where w > 0 {
            if x < w { return point }
            x -= w
        }
        return weights.last(where: { $0.weight > 0 })!.point
    }

    /// Share of jobs whose own id is cancelled.
    public var cancelledShare: Double {
        let total = weights.reduce(0) { $0 + $1.weight }
        return weights.filter { $0.point.cancelsJob }.reduce(0) { $0 + $1.weight } / total
    }

    public static func == (a: CancelMix, b: CancelMix) -> Bool { a.description == b.description }

    /// The mix as `cancelbench run --cancel-mix` takes it.
    public var description: String {
        weights.map { "\($0.point.rawValue)=\(JSONText.number($0.weight))" }.joined(separator: ",")
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
