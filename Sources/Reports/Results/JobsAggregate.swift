import LoadModel

/// What the report needs from jobs.csv: how many jobs of each planned cancel point ended in each final state.
public struct JobsAggregate: Sendable {
    /// The final states the report shows, in stacking order; anything else (never terminal) counts as `none`.
    public static let finalStates = ["succeeded", "failed", "cancelled", "none"]
    /// Cancel point name → counts in `finalStates` order.
    public private(set) var byPoint: [String: [Int]] = [:]
    public private(set) var jobs = 0

    public init() {}

    /// Counts one job.
    public mutating func add(cancelPoint: String, finalState: String) {
        jobs += 1
        let s = Self.finalStates.firstIndex(of: finalState) ?? Self.finalStates.count - 1
        byPoint[cancelPoint, default: Array(repeating: 0, count: Self.finalStates.count)][s] += 1
    }

    /// The cancel points seen, in the order `CancelPoint` declares them; points this build does not know
    /// (a results folder from a newer cancelbench) come last, sorted.
    public var points: [String] {
        let known = CancelPoint.allCases.map(\.rawValue).filter { byPoint[$0] != nil }
        return known + byPoint.keys.filter { !known.contains($0) }.sorted()
    }

    /// Streams a jobs.csv file; `DataError` names the file and line of a bad row.
    public static func read(path: String) throws -> JobsAggregate {
        var aggregate = JobsAggregate()
        var idx: (point: Int, state: Int)?
        try CSVReader(path: path).forEachRow(required: ["cancel_point", "final_state"]) { row in
            if idx == nil { idx = (row.index(of: "cancel_point")!, row.index(of: "final_state")!) }
            aggregate.add(cancelPoint: row.string(idx!.point), finalState: row.string(idx!.state))
        }
        return aggregate
    }
}
