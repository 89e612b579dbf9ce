import Foundation
import LoadModel

/// What the report shows of violations.jsonl: every violation counted per invariant, the first `limit` kept
/// in full (message, evidence, replay command). The file is read line by line, so its length does not matter.
public struct ViolationsDigest: Sendable {
    /// Violations kept for display, in file order.
    public private(set) var shown: [Entry] = []
    /// Violations in the file.
    public private(set) var total = 0
    /// Invariant number → violations of it.
    public private(set) var perInvariant: [Int: Int] = [:]
    public let limit: Int

    /// One violation as the report shows it.
    public struct Entry: Sendable {
        public var invariant: Int
        public var name: String
        public var job: Int?
        public var jobId: String?
        public var message: String
        public var evidence: [Evidence]
        public var replay: String?
    }

    /// One exchange that proves a violation.
    public struct Evidence: Sendable {
        public var seq: Int?
        public var op: String
        public var request: String
        public var status: Int?
        public var apiStatus: String?
        public var error: String?
        /// When the request was invoked and when its answer completed (ns since the run started).
        public var invoke: Int64?
        public var complete: Int64?
    }

    public init(limit: Int = 200) { self.limit = limit }

    /// Counts one violation and keeps it if fewer than `limit` are kept.
    public mutating func add(_ json: JSONValue) {
        total += 1
        let number = json["invariant"]?.numericValue.flatMap { Int(exactly: $0.rounded()) } ?? 0
        perInvariant[number, default: 0] += 1
        guard shown.count < limit else { return }
        var evidence: [Evidence] = []
        if case .array(let items)? = json["evidence"] {
            evidence = items.map { e in
                Evidence(seq: e["seq"]?.numericValue.flatMap { Int(exactly: $0.rounded()) }, op: e["op"]?.stringValue ?? "",
                         request: e["request"]?.stringValue ?? "", status: e["status"]?.numericValue.flatMap { Int(exactly: $0.rounded()) },
                         apiStatus: e["api_status"]?.stringValue, error: e["error"]?.stringValue,
                         invoke: e["invoke_ns"]?.numericValue.flatMap { Int64(exactly: $0.rounded()) },
                         complete: e["complete_ns"]?.numericValue.flatMap { Int64(exactly: $0.rounded()) })
            }
        }
        shown.append(Entry(invariant: number, name: json["name"]?.stringValue ?? "", job: json["job"]?.numericValue.flatMap { Int(exactly: $0.rounded()) },
                           jobId: json["job_id"]?.stringValue, message: json["message"]?.stringValue ?? "",
                           evidence: evidence, replay: json["replay"]?.stringValue))
    }

    /// Streams a violations.jsonl file; a missing file means no violations (older runs did not always write
    /// one); a line that is not a JSON object is a `DataError` naming the file and line.
    public static func read(path: String, limit: Int = 200) throws -> ViolationsDigest {
        var digest = ViolationsDigest(limit: limit)
        guard FileManager.default.fileExists(atPath: path) else { return digest }
        try LineReader(path: path).forEachLine { bytes, line in
            let json: JSONValue
            do { json = try JSONParser.parse(bytes) } catch let e as JSONSyntaxError {
                throw DataError(file: path, path: "line \(line)", message: "not valid JSON: column \(e.column): \(e.message)")
            }
            guard case .object = json else { throw DataError(file: path, path: "line \(line)", message: "expected a JSON object") }
            digest.add(json)
        }
        return digest
    }
}
