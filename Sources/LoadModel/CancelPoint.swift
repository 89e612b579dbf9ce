/// The planned point in a job's life at which the driver cancels it.
public enum CancelPoint: String, CaseIterable, Sendable {
    /// Never cancelled: the job runs to its end.
    case none
    /// Cancelled as soon as the submit answers, before any read.
    case afterSubmit = "after-submit"
    /// Cancelled right after the first read, which usually shows the job still queued.
    case queued
    /// Cancelled at a random fraction of its predicted run time after a read first shows it running.
    case running
    /// Cancelled after a read shows it terminal (the contract's "already finished" case).
    case afterTerminal = "after-terminal"
    /// N concurrent cancels sent at the same instant, while queued or running.
    case duplicate
    /// A cancel naming an id no job has; the real job is left to finish (error contract probe).
    case unknownId = "unknown-id"
    /// A cancel with the id left out; the real job is left to finish (error contract probe).
    case missingId = "missing-id"

    /// Whether this point sends a cancel that names the job itself.
    public var cancelsJob: Bool {
        switch self {
        case .none, .unknownId, .missingId: return false
        default: return true
        }
    }
}

/// Weights over cancel points: each job draws its point with probability weight / total.
public struct CancelMix: Sendable, Equatable, CustomStringConvertible {
    public private(set) var weights: [(point: CancelPoint, weight: Double)]

    /// The default mix: most jobs are cancelled somewhere, a third run free, a few probe the error contract.
    public static let standard = CancelMix(uncheckedWeights: [
        (.none, 30), (.afterSubmit, 10), (.queued, 12), (.running, 20), (.afterTerminal, 12),
        (.duplicate, 10), (.unknownId, 3), (.missingId, 3),
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
