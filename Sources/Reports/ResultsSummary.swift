import Foundation
import LoadModel

/// The parts of a results folder's summary.json the HTML report shows: what the run was, its verdict, and
/// each invariant's tally. Fields a summary lacks stay nil and show as "—"; only a file that is not JSON,
/// or not an object, is an error.
public struct ResultsSummary: Sendable {
    public var runId: String?
    public var profile: String?
    public var target: String?
    /// "closed, concurrency 64" or "open, 200 jobs/s poisson".
    public var loadModel: String?
    /// As text: a seed may exceed what a JSON number (a double) holds exactly, so it is taken from `arguments`.
    public var seed: String?
    public var elapsedSeconds: Double?
    /// Why the run judged too little to have a verdict (summary.json's `coverage.shortfalls`).
    public var shortfalls: [String] = []
    public var exitCode: Int?
    public var stopReason: String?
    public var command: String?
    public var jobs: Int?
    public var exchanges: Int?
    public var violations: Int?
    public var invariants: [InvariantRow] = []

    /// One entry of summary.json's `invariants`.
    public struct InvariantRow: Sendable {
        public var number: Int
        public var name: String
        /// `pass`, `fail`, `unknown`, or nil when the run did not exercise it (shown as n/a).
        public var verdict: String?
        public var jobs: Int
        public var unknown: Int
        public var failedJobs: Int
    }

    public init() {}

    /// The verdict that goes with the exit code, as the terminal summary words it.
    public var verdict: String {
        switch exitCode {
        case 0?: return "PASS"
        case 1?: return "FAIL"
        case 2?: return "GATE FAILED"
        case 3? where stopReason == nil && !shortfalls.isEmpty: return "INDETERMINATE"
        case 3?: return "COULD NOT RUN"
        case 130?: return "INTERRUPTED"
        case let c?: return "EXIT \(c)"
        case nil: return "UNKNOWN"
        }
    }

    /// Reads and parses summary.json; `DataError` names the file and the line of a syntax error.
    public static func read(path: String) throws -> ResultsSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(file: path, path: "line 1", message: "cannot be read")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(Array(data)) } catch {
            throw DataError(file: path, path: "line \(error.line)", message: "not valid JSON: column \(error.column): \(error.message)")
        }
        guard case .object = json else { throw DataError(file: path, path: "$", message: "expected a JSON object") }
        return ResultsSummary(json)
    }

    init(_ json: JSONValue) {
        func int(_ key: String) -> Int? { json[key]?.numericValue.flatMap { Int(exactly: $0.rounded()) } }
        runId = json["run_id"]?.stringValue
        profile = json["profile"]?.stringValue
        target = json["target"]?.stringValue
        elapsedSeconds = json["elapsed_s"]?.numericValue
        exitCode = int("exit_code")
        stopReason = json["stop_reason"]?.stringValue
        if case .array(let items)? = json["coverage"]?["shortfalls"] { shortfalls = items.compactMap(\.stringValue) }
        command = json["command"]?.stringValue
        jobs = int("jobs")
        exchanges = int("exchanges")
        violations = int("violations")
        seed = Self.seed(json)
        loadModel = Self.loadModel(json)
        if case .array(let items)? = json["invariants"] {
            invariants = items.compactMap { item in
                guard let n = item["invariant"]?.numericValue, let name = item["name"]?.stringValue else { return nil }
                func count(_ key: String) -> Int { item[key]?.numericValue.flatMap { Int(exactly: $0.rounded()) } ?? 0 }
                return InvariantRow(number: Int(n), name: name, verdict: item["verdict"]?.stringValue,
                                    jobs: count("jobs"), unknown: count("unknown"), failedJobs: count("fail"))
            }
        }
    }

    static func seed(_ json: JSONValue) -> String? {
        if case .array(let args)? = json["arguments"] {
            let strings = args.compactMap(\.stringValue)
            if let i = strings.firstIndex(of: "--seed"), i + 1 < strings.count { return strings[i + 1] }
        }
        return json["seed"]?.numericValue.map { String(UInt64(max(0, $0))) }
    }

    static func loadModel(_ json: JSONValue) -> String? {
        switch json["model"]?.stringValue {
        case "closed"?:
            return "closed, concurrency " + (json["concurrency"]?.numericValue.flatMap { Int(exactly: $0.rounded()) }.map(String.init) ?? "?")
        case "open"?:
            let rate = json["rate"]?.numericValue.map { JSONText.number($0) } ?? "?"
            return "open, \(rate) jobs/s" + (json["arrival"]?.stringValue.map { " \($0)" } ?? "")
        case let other?: return other
        case nil: return nil
        }
    }
}
