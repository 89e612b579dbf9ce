import LoadModel

/// Reads a history.jsonl line in one pass over its bytes, taking the known fields as it meets them, without
/// building a general JSON tree: `cancelbench check` spends its time here on large histories. Anything it does
/// not recognise (a nested value it does not expect, an escape in a key) falls back to `HistoryLine.parse`.
public struct HistoryScanner {
    private let bytes: [UInt8]
    private var i = 0

    /// The keys it reads, matched on bytes (making a String per key cost more than the rest of the line).
    private enum Key: CaseIterable {
        case job, jobId, jobEnd, seq, f, idUse, requestedId, key, payload, invokeNs, completeNs, type, status, error
        case bodyHash, errorBody, value, state, progress, cancelRequestedAt, charged, refunded, usage, returnedId

        var name: String {
            switch self {
            case .job: return "job"
            case .jobId: return "job_id"
            case .jobEnd: return "job_end"
            case .seq: return "seq"
            case .f: return "f"
            case .idUse: return "id_use"
            case .requestedId: return "requested_id"
            case .key: return "key"
            case .payload: return "payload"
            case .invokeNs: return "invoke_ns"
            case .completeNs: return "complete_ns"
            case .type: return "type"
            case .status: return "status"
            case .error: return "error"
            case .bodyHash: return "body_hash"
            case .errorBody: return "error_body"
            case .value: return "value"
            case .state: return "state"
            case .progress: return "progress"
            case .cancelRequestedAt: return "cancel_requested_at"
            case .charged: return "charged"
            case .refunded: return "refunded"
            case .usage: return "usage"
            case .returnedId: return "returned_id"
            }
        }

        /// The names by length, so a key is compared only with the few names of its length.
        static let byLength: [[(bytes: [UInt8], key: Key)]] = {
            var table = Array(repeating: [(bytes: [UInt8], key: Key)](), count: 32)
            for key in allCases { table[key.name.utf8.count].append((Array(key.name.utf8), key)) }
            return table
        }()
    }

    /// The key at the cursor (a quoted name without escapes), or nil for one it does not know (skipped).
    private mutating func readKey() -> Key?? {
        guard peek == UInt8(ascii: "\"") else { return .none }
        let start = i + 1
        var j = start
        while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
            if bytes[j] == UInt8(ascii: "\\") { return .none }
            j += 1
        }
        guard j < bytes.count else { return .none }
        i = j + 1
        let length = j - start
        guard length < Key.byLength.count else { return .some(nil) }
        for entry in Key.byLength[length] {
            var equal = true
            for n in 0..<length where bytes[start + n] != entry.bytes[n] { equal = false; break }
            if equal { return .some(entry.key) }
        }
        return .some(nil)
    }

    /// Scans one line; nil when the line is not a history operation.
    public static func scan(_ bytes: [UInt8], profile: Profile) -> (job: Int, jobId: String?, end: JobEnd, op: Operation)? {
        var s = HistoryScanner(bytes: bytes)
        if let fast = s.line(profile: profile) { return fast }
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        return HistoryLine.parse(value, profile: profile)
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func line(profile: Profile) -> (job: Int, jobId: String?, end: JobEnd, op: Operation)? {
        var job: Int?, jobId: String?, end = JobEnd.terminal, seq: Int?, kind: OperationKind?, idUse: IdUse?
        var requested = "", key: String?, payload = 1, invoke: Int64?, complete: Int64?, outcome: Outcome?, http: Int?
        var error: String?, hash: UInt64 = 0, errorBody: JSONValue?, observation: Observation?, returned: String?
        guard expect(UInt8(ascii: "{")) else { return nil }
        while true {
            skipSpace()
            if peek == UInt8(ascii: "}") { i += 1; break }
            guard let found = readKey(), expect(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            switch found {
            case .job?: job = integer().map(Int.init)
            case .jobId?: jobId = optionalString()
            case .jobEnd?: guard let e = optionalString().flatMap(JobEnd.init(rawValue:)) else { return nil }; end = e
            case .seq?: seq = integer().map(Int.init)
            case .f?: kind = optionalString().flatMap(OperationKind.init(rawValue:))
            case .idUse?: idUse = optionalString().flatMap(IdUse.init(rawValue:))
            case .requestedId?: requested = optionalString() ?? ""
            case .key?: key = optionalString()
            case .payload?: payload = integer().map(Int.init) ?? 1
            case .invokeNs?: invoke = integer()
            case .completeNs?: complete = integer()
            case .type?: outcome = optionalString().flatMap(Outcome.init(rawValue:))
            case .status?: http = integer().map(Int.init)
            case .error?: error = optionalString()
            case .bodyHash?: hash = optionalString().flatMap { UInt64($0, radix: 16) } ?? 0
            case .errorBody?:
                let start = i
                guard skipValue() else { return nil }
                guard bytes[start] != UInt8(ascii: "n") else { break }
                guard let v = try? JSONParser.parse(Array(bytes[start..<i])) else { return nil }
                errorBody = v
            case .value?:
                guard let (o, r) = valueObject(profile: profile) else { return nil }
                observation = o
                returned = r
            default: guard skipValue() else { return nil }
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1 }
        }
        guard let job, let seq, let kind, let idUse, let invoke, let complete, let outcome, let http else { return nil }
        var op = Operation(seq: seq, kind: kind, idUse: idUse, requestedId: requested, invoke: Instant(nanoseconds: invoke),
                           complete: Instant(nanoseconds: complete), httpStatus: http, outcome: outcome, transportError: error,
                           observation: observation, errorBody: errorBody)
        op.idempotencyKey = key
        op.payload = payload
        op.bodyHash = hash
        op.returnedId = returned
        return (job, jobId, end, op)
    }

    /// The `value` object: what the answer said about the job, read flat.
    private mutating func valueObject(profile: Profile) -> (Observation?, String?)? {
        if peek == UInt8(ascii: "n") { i += 4; return (nil, nil) }
        guard expect(UInt8(ascii: "{")) else { return nil }
        var status: String?, progress: Double?, stamp: String?, charged: Double?, refunded: Double?, usage: Double?, returned: String?
        while true {
            skipSpace()
            if peek == UInt8(ascii: "}") { i += 1; break }
            guard let found = readKey(), expect(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            switch found {
            case .status?: status = optionalString()
            case .progress?: progress = number()
            case .cancelRequestedAt?: stamp = optionalString()
            case .charged?: charged = number()
            case .refunded?: refunded = number()
            case .usage?: usage = number()
            case .returnedId?: returned = optionalString()
            default: guard skipValue() else { return nil }
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1 }
        }
        guard let status else { return (nil, returned) }
        return (Observation(status: status, state: profile.canonical(status), progress: progress, cancelRequestedAt: stamp,
                            charged: charged, refunded: refunded, usage: usage), returned)
    }

    /// A JSON number as a Double, or nil for `null` (or anything else, skipped).
    private mutating func number() -> Double? {
        let start = i
        guard skipValue(), let first = bytes[start...].first, first != UInt8(ascii: "n") else { return nil }
        return Double(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() { while let b = peek, b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1 } }

    private mutating func expect(_ b: UInt8) -> Bool {
        skipSpace()
        guard peek == b else { return false }
        i += 1
        return true
    }

    /// A string without escapes (keys, ids, statuses); nil when it has one, so the caller falls back.
    private mutating func plainString() -> String? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var j = start
        while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
            if bytes[j] == UInt8(ascii: "\\") { return nil }
            j += 1
        }
        guard j < bytes.count else { return nil }
        i = j + 1
        return String(decoding: bytes[start..<j], as: UTF8.self)
    }

    /// A plain string, or nil for `null`; a string with escapes is parsed in full.
    private mutating func optionalString() -> String? {
        if peek == UInt8(ascii: "n") { i += 4; return nil }
        let start = i
        if let s = plainString() { return s }
        i = start
        guard skipValue(), let v = try? JSONParser.parse(Array(bytes[start..<i])) else { return nil }
        return v.stringValue
    }

    private mutating func integer() -> Int64? {
        var negative = false
        if peek == UInt8(ascii: "-") { negative = true; i += 1 }
        var v: Int64 = 0, digits = 0
        while let b = peek, b >= 0x30, b <= 0x39 { v = v &* 10 &+ Int64(b - 0x30); i += 1; digits += 1 }
        return digits > 0 ? (negative ? -v : v) : nil
    }

    /// Moves past one JSON value of any kind (strings with escapes, nesting) without building it.
    private mutating func skipValue() -> Bool {
        guard let b = peek else { return false }
        switch b {
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            i += 1
            return i <= bytes.count
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                guard let c = peek else { return false }
                if c == UInt8(ascii: "\"") { guard skipValue() else { return false }; continue }
                if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") { depth -= 1 }
                i += 1
            } while depth > 0
            return true
        default:
            while let c = peek, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != UInt8(ascii: "]") { i += 1 }
            return true
        }
    }
}
