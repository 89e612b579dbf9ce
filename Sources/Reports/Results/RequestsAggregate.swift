import HdrHistogram
import LoadModel

/// What the report needs from requests.csv, aggregated row by row: per-operation latency histograms, corrected
/// (from the intended start) and uncorrected (from the send), and the timeline of completions and in-flight.
public struct RequestsAggregate: Sendable {
    /// Corrected latency (`latency_ns`) per operation, in `OperationKind.allCases` order.
    public private(set) var corrected: [Histogram]
    /// Uncorrected latency (`service_ns`) per operation.
    public private(set) var uncorrected: [Histogram]
    public private(set) var timeline: Timeline
    /// Rows read.
    public private(set) var exchanges = 0
    /// Rows whose times could not be placed on the timeline (negative or absurd).
    public private(set) var offTimeline = 0

    public init(bucketWidth: Int64) {
        corrected = OperationKind.allCases.map { _ in Histogram() }
        uncorrected = corrected
        timeline = Timeline(bucketWidth: bucketWidth)
    }

    /// The columns this aggregate reads.
    static let columns = ["op", "started_ns", "completed_ns", "latency_ns", "service_ns"]

    /// Adds one exchange. `op` indexes `OperationKind.allCases`; times in nanoseconds.
    public mutating func add(op: Int, started: Int64, completed: Int64, latency: Int64, service: Int64) {
        exchanges += 1
        corrected[op].record(latency)
        uncorrected[op].record(service)
        if !timeline.record(op: op, started: started, completed: completed) { offTimeline += 1 }
    }

    /// Streams a requests.csv file into a new aggregate; `DataError` names the file and line of a bad row.
    public static func read(path: String, bucketWidth: Int64) throws -> RequestsAggregate {
        var aggregate = RequestsAggregate(bucketWidth: bucketWidth)
        var idx: [Int] = []
        try CSVReader(path: path).forEachRow(required: columns) { row in
            if idx.isEmpty { idx = columns.map { row.index(of: $0)! } }
            let op: Int
            if row.field(idx[0], is: "submit") { op = 0 } else if row.field(idx[0], is: "status") { op = 1 }
            else if row.field(idx[0], is: "cancel") { op = 2 } else {
                throw DataError(file: path, path: "line \(row.line)",
                                message: "op: expected submit, status or cancel, found \"\(row.string(idx[0]))\"")
            }
            func nanoseconds(_ k: Int) throws -> Int64 {
                guard let v = row.int64(idx[k]) else {
                    throw DataError(file: path, path: "line \(row.line)",
                                    message: "\(columns[k]): expected a whole number of nanoseconds, found \"\(row.string(idx[k]))\"")
                }
                return v
            }
            // Four values read one by one, not into an array: an array per row was an allocation per exchange.
            aggregate.add(op: op, started: try nanoseconds(1), completed: try nanoseconds(2), latency: try nanoseconds(3),
                          service: try nanoseconds(4))
        }
        aggregate.timeline.trim()
        return aggregate
    }
}
