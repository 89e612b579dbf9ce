import Foundation
import LoadModel

/// Reads history.jsonl lines in one pass over their bytes, taking the known fields as it meets them, without
/// building a general JSON tree: `cancelbench check` spends its time here on large histories.
///
/// It reads only what it can read exactly as `JSONParser` and `HistoryLine.parse` would: the writer's keys, each
/// once, with values of the writer's types, strings without escapes. Any other line (an escape, an unknown or
/// repeated key, a number it cannot convert exactly, bad JSON) goes to the general parser whole, so the two
/// never disagree. Strings come from tables kept across lines, so a job id or status met again is not made again.
public struct HistoryScanner {
    /// What one line says: the job's number, id and end, and the operation as the checker needs it.
    public typealias Line = (job: Int, jobId: String?, end: JobEnd, op: LoadModel.Operation)

    let profile: Profile
    /// The line being read, and the cursor in it.
    var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var i = 0
    let strings = InternTable<String> { String(decoding: $0, as: UTF8.self) }
    /// API status names with their canonical state.
    let statuses: InternTable<(String, CanonicalState?)>
    let lineNeedles = KeyNeedles<LineKey>(), valueNeedles = KeyNeedles<ValueKey>()
    let kinds = NameTable<OperationKind>(), idUses = NameTable<IdUse>(), outcomes = NameTable<Outcome>(), ends = NameTable<JobEnd>()

    public init(profile: Profile) {
        self.profile = profile
        statuses = InternTable { bytes in
            let status = String(decoding: bytes, as: UTF8.self)
            return (status, profile.canonical(status))
        }
    }

    /// Reads one line (its bytes are read during the call only); nil when it is not a history operation.
    public mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Line? {
        bytes = line
        i = 0
        if let fast = self.line() { return fast }
        guard let value = try? JSONParser.parse(Array(line)) else { return nil }
        return HistoryLine.parse(value, profile: profile)
    }

    /// Reads one line with a scanner of its own.
    public static func scan(_ bytes: [UInt8], profile: Profile) -> Line? {
        var scanner = HistoryScanner(profile: profile)
        return bytes.withUnsafeBufferPointer { scanner.scan($0) }
    }

    /// The key at the cursor, tried first against `predicted`; nil for an escape or a key it does not know.
    @inline(__always)
    private mutating func readKey<K>(_ predicted: K, _ needles: KeyNeedles<K>) -> K? {
        // The predicted key, quotes and colon, compared where it stands: no scan for its end.
        if let n = needles.match(predicted, at: bytes.baseAddress! + i, available: bytes.count - i) {
            i += n
            return predicted
        }
        guard let (p, count) = plain() else { return nil }
        skipSpace()
        guard take(UInt8(ascii: ":")) else { return nil }
        return K.allCases.first { spells(p, count, $0.name) }
    }

    /// After a value: true at a comma (taken), false at the closing brace (taken); nil for anything else.
    @inline(__always)
    private mutating func more() -> Bool? {
        skipSpace()
        if take(UInt8(ascii: ",")) { skipSpace(); return true }
        if take(UInt8(ascii: "}")) { return false }
        return nil
    }

    /// The fast path alone: nil for any line it leaves to the general parser.
    mutating func line() -> Line? {
        var job: Int64?, jobId: String?, end = JobEnd.terminal, seq: Int64?, kind: OperationKind?, idUse: IdUse?
        var requested: String?, idempotencyKey: String?, payload: Int64 = 1, invoke: Int64?, complete: Int64?, outcome: Outcome?
        var http: Int64?, error: String?, hash: UInt64 = 0, errorBody: JSONValue?, observation: Observation?, returned: String?
        var seen: UInt32 = 0, predicted = LineKey.runId
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { return nil }
        repeat {
            guard let found = readKey(predicted, lineNeedles), seen & found.bit == 0 else { return nil }
            seen |= found.bit
            predicted = found.next
            skipSpace()
            switch found {
            case .runId: guard skipScalar() else { return nil }
            case .job: guard let v = integer() else { return nil }; job = v
            case .jobId: guard let v = string() else { return nil }; jobId = v
            case .jobEnd: guard let v = name(ends) else { return nil }; end = v
            case .seq: guard let v = integer() else { return nil }; seq = v
            case .f: guard let v = name(kinds) else { return nil }; kind = v
            case .idUse: guard let v = name(idUses) else { return nil }; idUse = v
            case .requestedId: guard let v = string() else { return nil }; requested = v
            case .key: guard let v = string() else { return nil }; idempotencyKey = v
            case .payload: if !null() { guard let v = integer() else { return nil }; payload = v }
            case .invokeNs: guard let v = integer() else { return nil }; invoke = v
            case .completeNs: guard let v = integer() else { return nil }; complete = v
            case .type: guard let v = name(outcomes) else { return nil }; outcome = v
            case .status: guard let v = integer() else { return nil }; http = v
            case .error: guard let v = string() else { return nil }; error = v
            case .bodyHash: guard let v = hexHash() else { return nil }; hash = v
            case .errorBody:
                if null() { break }
                let start = i
                guard skipValue(), let v = try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))) else { return nil }
                errorBody = v
            case .value:
                if null() { break }
                guard let (o, r) = valueObject() else { return nil }
                observation = o
                returned = r
            }
            guard let again = more() else { return nil }
            if !again { break }
        } while true
        skipSpace()
        guard i == bytes.count, let job, let seq, let kind, let idUse, let invoke, let complete, let outcome, let http else { return nil }
        var op = LoadModel.Operation(seq: Int(seq), kind: kind, idUse: idUse, requestedId: requested ?? "", invoke: Instant(nanoseconds: invoke),
                           complete: Instant(nanoseconds: complete), httpStatus: Int(http), outcome: outcome, transportError: error,
                           observation: observation, errorBody: errorBody)
        op.idempotencyKey = idempotencyKey
        op.payload = Int(payload)
        op.bodyHash = hash
        op.returnedId = returned
        return (Int(job), jobId, end, op)
    }

    /// The `value` object: what the answer said about the job (no observation without a status), and the id a
    /// submit's answer carried.
    private mutating func valueObject() -> (Observation?, String?)? {
        guard take(UInt8(ascii: "{")) else { return nil }
        skipSpace()
        if take(UInt8(ascii: "}")) { return (nil, nil) }
        var status: (String, CanonicalState?)?, progress: Double?, stamp: String?, charged: Double?, refunded: Double?
        var usage: Double?, returned: String?
        var seen: UInt32 = 0, predicted = ValueKey.status
        repeat {
            guard let found = readKey(predicted, valueNeedles), seen & found.bit == 0 else { return nil }
            seen |= found.bit
            predicted = found.next
            skipSpace()
            switch found {
            case .status:
                if null() { break }
                guard let (p, n) = plain() else { return nil }
                status = statuses.value(p, n)
            case .state: guard skipScalar() else { return nil }
            case .progress: guard let v = number() else { return nil }; progress = v
            case .cancelRequestedAt: guard let v = string() else { return nil }; stamp = v
            case .charged: guard let v = number() else { return nil }; charged = v
            case .refunded: guard let v = number() else { return nil }; refunded = v
            case .usage: guard let v = number() else { return nil }; usage = v
            case .returnedId: guard let v = string() else { return nil }; returned = v
            }
            guard let again = more() else { return nil }
            if !again { break }
        } while true
        guard let (text, state) = status else { return (nil, returned) }
        return (Observation(status: text, state: state, progress: progress, cancelRequestedAt: stamp,
                            charged: charged, refunded: refunded, usage: usage), returned)
    }
}
