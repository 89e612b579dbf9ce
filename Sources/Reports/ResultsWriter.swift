import Foundation
import LoadModel

/// Writes a run's results folder as the run goes: requests.csv, jobs.csv and violations.jsonl stream row by
/// row; summary.json is written once at the end. Nothing here ever sees a request header, so no token can leak.
public final class ResultsWriter {
    public let directory: String
    public let runId: String
    private let requests: CSVWriter
    private let jobs: CSVWriter
    private let violations: FileHandle
    private let history: FileHandle
    private var historyBuffer: [UInt8] = []

    /// Creates the folder (and parents) and opens the streaming files.
    public init(directory: String, runId: String) throws {
        self.directory = directory
        self.runId = runId
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        requests = try CSVWriter(path: "\(directory)/requests.csv", header: ExchangeRecord.columns)
        jobs = try CSVWriter(path: "\(directory)/jobs.csv", header: JobRecord.columns)
        let vpath = "\(directory)/violations.jsonl"
        _ = FileManager.default.createFile(atPath: vpath, contents: nil)
        violations = try FileHandle(forWritingTo: URL(fileURLWithPath: vpath))
        let hpath = "\(directory)/history.jsonl"
        _ = FileManager.default.createFile(atPath: hpath, contents: nil)
        history = try FileHandle(forWritingTo: URL(fileURLWithPath: hpath))
    }

    /// Appends a finished job's operations to history.jsonl, one Jepsen-style operation per line.
    public func write(history h: JobHistory) {
        for op in h.operations { historyBuffer.append(contentsOf: (HistoryLine.json(op, job: h.job, jobId: h.jobId, end: h.end, runId: runId) + "\n").utf8) }
        if historyBuffer.count >= 1 << 16 { flushHistory() }
    }

    private func flushHistory() {
        try? history.write(contentsOf: historyBuffer)
        historyBuffer.removeAll(keepingCapacity: true)
    }

    public func write(_ e: ExchangeRecord) { requests.row(e.row(runId: runId)) }

    public func write(_ j: JobRecord) { jobs.row(j.row(runId: runId)) }

    /// Appends one violation as a JSON line with its evidence.
    public func write(_ v: Violation) throws {
        try violations.write(contentsOf: Array((Self.json(v, runId: runId, replay: "cancelbench replay \(directory) --job {job}") + "\n").utf8))
    }

    /// Writes each operation's percentile distribution in HdrHistogram's `.hgrm` layout (milliseconds):
    /// `OP.hgrm` from the intended start (corrected), `OP.uncorrected.hgrm` from the actual send.
    public func writePercentiles(_ tally: RunTally) throws {
        for kind in OperationKind.allCases {
            guard let s = tally.operations[kind], s.count > 0 else { continue }
            try Data(PercentileDistribution.text(s.latency).utf8).write(to: URL(fileURLWithPath: "\(directory)/\(kind.rawValue).hgrm"))
            try Data(PercentileDistribution.text(s.serviceTime).utf8).write(to: URL(fileURLWithPath: "\(directory)/\(kind.rawValue).uncorrected.hgrm"))
        }
    }

    /// Writes summary.json and closes every file.
    public func finish(summaryJSON: String) throws {
        try requests.close()
        try jobs.close()
        try violations.close()
        flushHistory()
        try history.close()
        try Array((summaryJSON + "\n").utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: "\(directory)/summary.json")) }
    }

    /// A violation as one line of JSON.
    /// `replay` is the command that plays the job again, with `{job}` where its number goes.
    public static func json(_ v: Violation, runId: String, replay: String? = nil) -> String {
        let evidence = v.evidence.map { op -> String in
            var fields = [
                "\"seq\":\(op.seq)", "\"op\":\(JSONText.quote(op.kind.rawValue))", "\"id_use\":\(JSONText.quote(op.idUse.rawValue))",
                "\"request\":\(JSONText.quote(op.request))", "\"invoke_ns\":\(op.invoke.nanoseconds)",
                "\"complete_ns\":\(op.complete.nanoseconds)", "\"status\":\(op.httpStatus)",
                "\"outcome\":\(JSONText.quote(op.outcome.rawValue))",
            ]
            fields.append("\"error\":" + (op.transportError.map(JSONText.quote) ?? "null"))
            fields.append("\"api_status\":" + (op.observation?.status.map(JSONText.quote) ?? "null"))
            fields.append("\"state\":" + (op.observation?.state.map { JSONText.quote($0.rawValue) } ?? "null"))
            fields.append("\"body\":\(JSONText.quote(op.excerpt))")
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "{\"run_id\":\(JSONText.quote(runId)),\"job\":\(v.job),\"job_id\":" + (v.jobId.map(JSONText.quote) ?? "null")
            + ",\"invariant\":\(v.invariant.rawValue),\"name\":\(JSONText.quote(v.invariant.name)),\"message\":\(JSONText.quote(v.message))"
            + ",\"evidence\":[" + evidence.joined(separator: ",") + "]"
            + (replay.map { ",\"replay\":" + JSONText.quote($0.replacingOccurrences(of: "{job}", with: String(v.job))) } ?? "") + "}"
    }
}
