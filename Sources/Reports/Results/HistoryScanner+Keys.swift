import Foundation

/// The keys of a history line, as `HistoryLine.json` writes them and in its order: a key is first compared with
/// the one the writer puts next, so a recorded line costs one comparison per key.
extension HistoryScanner {
    enum LineKey: Int, ScannedKey {
        case runId, job, jobId, jobEnd, seq, f, idUse, requestedId, key, payload, invokeNs, completeNs, type, status, error
        case bodyHash, errorBody, value

        @inline(__always) var name: StaticString {
            switch self {
            case .runId: return "run_id"
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
            }
        }

        /// The key the writer puts after this one.
        @inline(__always) var next: LineKey {
            switch self {
            case .runId: return .job
            case .job: return .jobId
            case .jobId: return .jobEnd
            case .jobEnd: return .seq
            case .seq: return .f
            case .f: return .idUse
            case .idUse: return .requestedId
            case .requestedId: return .key
            case .key: return .payload
            case .payload: return .invokeNs
            case .invokeNs: return .completeNs
            case .completeNs: return .type
            case .type: return .status
            case .status: return .error
            case .error: return .bodyHash
            case .bodyHash: return .errorBody
            case .errorBody: return .value
            case .value: return .runId
            }
        }

        /// One bit per key, to refuse a key given twice (the general parser decides what that means).
        @inline(__always) var bit: UInt32 { 1 &<< UInt32(truncatingIfNeeded: rawValue) }
    }

    /// The keys of a line's `value` object, in the writer's order.
    enum ValueKey: Int, ScannedKey {
        case status, state, progress, cancelRequestedAt, charged, refunded, usage, returnedId

        @inline(__always) var name: StaticString {
            switch self {
            case .status: return "status"
            case .state: return "state"
            case .progress: return "progress"
            case .cancelRequestedAt: return "cancel_requested_at"
            case .charged: return "charged"
            case .refunded: return "refunded"
            case .usage: return "usage"
            case .returnedId: return "returned_id"
            }
        }

        @inline(__always) var next: ValueKey {
            switch self {
            case .status: return .state
            case .state: return .progress
            case .progress: return .cancelRequestedAt
            case .cancelRequestedAt: return .charged
            case .charged: return .refunded
            case .refunded: return .usage
            case .usage: return .returnedId
            case .returnedId: return .status
            }
        }

        @inline(__always) var bit: UInt32 { 1 &<< UInt32(truncatingIfNeeded: rawValue) }
    }
}

/// A key of a history line's object: its name as the writer spells it, and the key the writer puts after it.
protocol ScannedKey: CaseIterable, RawRepresentable where RawValue == Int {
    var name: StaticString { get }
    var next: Self { get }
    var bit: UInt32 { get }
}

/// Whether `count` bytes at `p` spell `name`.
@inline(__always)
func spells(_ p: UnsafePointer<UInt8>, _ count: Int, _ name: StaticString) -> Bool {
    guard count == name.utf8CodeUnitCount else { return false }
    // Byte by byte, inlined: names are a few bytes, shorter than a call to memcmp costs.
    let n = name.utf8Start
    for k in 0..<count where p[k] != n[k] { return false }
    return true
}
