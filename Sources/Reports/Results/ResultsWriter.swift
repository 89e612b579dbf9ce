import Foundation
import HdrHistogram
import LoadModel

/// Writes a run's results folder as the run goes: requests.csv, jobs.csv, history.jsonl and violations.jsonl
/// stream row by row; summary.json is written once at the end. Nothing here ever sees a request header, and
/// every byte passes the run's `Redactor`, so no token can leak even when the target echoes one back. The
/// first failed write of any file is kept in `failure`: the run stops on it and names the file.
public final class ResultsWriter {
    public let directory: String
    public let runId: String
    public let redactor: Redactor
    private let requests: CSVWriter
    private let jobs: CSVWriter
    private let violations: OutputFile
    private let history: OutputFile
    private var historyBuffer = ByteBuffer(capacity: 1 << 17)
    /// The run id as a CSV field, spelled once for every row.
    private let runIdField: [UInt8]

    /// Creates the folder (and parents) and opens the streaming files; a folder that cannot be made or written
    /// fails here, before any request is sent, with the system's reason.
    public init(directory: String, runId: String, redactor: Redactor = .none) throws(WriteFailure) {
        self.directory = directory
        self.runId = runId
        self.redactor = redactor
        runIdField = CSVWriter.field(runId)
        try OutputFile.makeDirectory(directory)
        // An earlier run's verdict and tally must not outlive this run's records if this run dies before its end.
        for stale in ["summary.json", "tally.json", "nemesis.csv"] { try? FileManager.default.removeItem(atPath: "\(directory)/\(stale)") }
        requests = try CSVWriter(path: "\(directory)/requests.csv", header: ExchangeRecord.columns, redactor: redactor)
        jobs = try CSVWriter(path: "\(directory)/jobs.csv", header: JobRecord.columns, redactor: redactor)
        violations = try OutputFile(path: "\(directory)/violations.jsonl", redactor: redactor)
        history = try OutputFile(path: "\(directory)/history.jsonl", redactor: redactor)
    }

    /// The first failed write of any streaming file, if any.
    public var failure: WriteFailure? { requests.failure ?? jobs.failure ?? history.failure ?? violations.failure ?? fileFailure }
    /// The first failure of a whole file written at the end of the run (nemesis.csv).
    private var fileFailure: WriteFailure?

    /// Appends a finished job's operations to history.jsonl, one Jepsen-style operation per line.
    public func write(history h: JobHistory) {
        HistoryLine.append(h.operations, job: h.job, jobId: h.jobId, end: h.end, runId: runId, to: &historyBuffer)
        if historyBuffer.count >= 1 << 16 { flushHistory() }
    }

    private func flushHistory() {
        history.write(historyBuffer.array)
        historyBuffer.removeAll()
    }

    public func write(_ e: ExchangeRecord) { requests.row { e.appendRow(runIdField: runIdField, to: &$0) } }

    public func write(_ j: JobRecord) { jobs.row { j.appendRow(runIdField: runIdField, to: &$0) } }

    /// Appends one violation as a JSON line with its evidence.
    public func write(_ v: Violation) {
        violations.write(Self.json(v, runId: runId, replay: "cancelbench replay \(directory) --job {job}") + "\n")
    }

    /// Writes each operation's percentile distribution in HdrHistogram's `.hgrm` layout (milliseconds):
    /// `OP.hgrm` from the intended start (corrected), `OP.uncorrected.hgrm` from the actual send.
    public func writePercentiles(_ tally: RunTally) throws(WriteFailure) {
        try Self.writePercentiles(tally, directory: directory)
    }

    /// `writePercentiles` into any folder (a merged one).
    public static func writePercentiles(_ tally: RunTally, directory: String) throws(WriteFailure) {
        for kind in OperationKind.allCases {
            guard let s = tally.operations[kind], s.count > 0 else { continue }
            try OutputFile.write(PercentileDistribution.text(s.latency), to: "\(directory)/\(kind.rawValue).hgrm")
            try OutputFile.write(PercentileDistribution.text(s.serviceTime), to: "\(directory)/\(kind.rawValue).uncorrected.hgrm")
        }
    }

    /// Closes the streaming files: throws the first failed write of any of them.
    public func closeStreams() throws(WriteFailure) {
        flushHistory()
        var first: WriteFailure?
        for close in [requests.close, jobs.close, violations.close, history.close] {
            do { try close() } catch { first = first ?? error }
        }
        if let first { throw first }
    }

    /// Writes summary.json (redacted).
    public func write(_ summary: Summary) throws(WriteFailure) {
        try OutputFile.write(summary.encoded(), to: "\(directory)/summary.json", redactor: redactor, atomic: true)
    }

    /// Writes a file of the folder whole: plan.json, and profile.json (a byte-for-byte copy of the profile).
    /// Redacted like every output: a profile that spells out a secret the run was given does not leak it.
    public func writeFile(_ bytes: [UInt8], name: String) throws(WriteFailure) {
        try OutputFile.write(bytes, to: "\(directory)/\(name)", redactor: redactor, atomic: true)
    }

    /// Appends a nemesis fault window to history.jsonl, in the form Jepsen's nemesis operations take: `process`
    /// is `nemesis`, `f` the fault, and the window's start and end as invoke and completion. Readers of job
    /// operations skip these lines (they have no `job`).
    public func write(nemesisLine w: NemesisSummary.Window, runId: String) {
        let line = "{\"run_id\":\(JSONText.quote(runId)),\"process\":\"nemesis\",\"window\":\(w.number),\"f\":\(JSONText.quote(w.fault)),"
            + "\"invoke_ns\":\(w.startNs),\"complete_ns\":\(w.endNs),\"healed_ns\":\(w.healedNs.map(String.init) ?? "null"),"
            + "\"recovered_ns\":\(w.recoveredNs.map(String.init) ?? "null"),\"recovery\":\(JSONText.quote(w.recovery)),"
            + "\"note\":\(JSONText.quote(w.note))}\n"
        historyBuffer.appendUTF8(line)
        flushHistory()
    }

    /// Appends a violation of the run as a whole (invariant 13: a window the API did not recover from): no job,
    /// no exchange proves it alone; the message names the window.
    public func write(runLevel invariant: Invariant, message: String, runId: String) {
        violations.write("{\"run_id\":\(JSONText.quote(runId)),\"job\":null,\"job_id\":null,\"invariant\":\(invariant.rawValue),"
            + "\"name\":\(JSONText.quote(invariant.name)),\"message\":\(JSONText.quote(message)),\"evidence\":[]}\n")
    }

    /// Writes nemesis.csv; a failure is kept like a streaming file's.
    public func writeNemesisCSV(_ text: String) {
        do { try OutputFile.write(text, to: "\(directory)/nemesis.csv", redactor: redactor, atomic: true) } catch {
            fileFailure = fileFailure ?? error
        }
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
