/// One line of a store file (`serve --store`): the whole on-disk format is described here.
///
/// A store is an append-only text file of UTF-8 lines, each one JSON object followed by `\n`, its kind in `"t"`
/// (always the first key). Line 1 is the header; every later line records one acknowledged change, written and
/// synced to disk before the answer that acknowledges it is sent. Reads write nothing. Instants are Unix time in
/// nanoseconds (keys ending `_unix_ns`), so a job keeps its timeline across processes; spans are nanoseconds
/// (`_ns`). Optional keys are left out when they hold their default. For example:
///
///     {"t":"cancelbench-store","format":1,"dialect":"beatra","id_seed":8113944425950178391}
///     {"t":"job","seq":1,"created_unix_ns":1795499701123000000,"start_unix_ns":1795499701223000000,
///      "run_ns":1000000000,"stop_ns":200000000,"outcome":"succeeded",
///      "request":{"capability":"text.generate","model":"auto","metadata":"{}","input":"{}"}}
///     {"t":"state","seq":1,"end_unix_ns":1795499701423000000,"cancel_requested_unix_ns":1795499701223000000,
///      "outcome":"cancelled"}
///     {"t":"key","scope":"9f0c…","key":"k1","fingerprint":"51e2…","status":202,"body":"{\"task_id\":…}"}
///
/// (Each record is one line; the examples are wrapped here.) A line that ends without `\n` is a record torn by a
/// crash mid-write: replay drops it. Any other line that is not a record is corruption, and replay refuses.
enum StoreRecord: Equatable, Sendable {
    /// Line 1: what wrote the file. `format` is 1; `dialect` the contract served; `id_seed` the key of the ids
    /// (`TargetConfig.idSeed`) the store's jobs were given, kept for every later life.
    case header(Header)
    /// A job was submitted: its sequence number (`seq`, the number inside its id) and the plan drawn for it,
    /// `outcome` being the one it reaches if nobody cancels it. `document` (OGC, when true) and `request`
    /// (beatra, when something was submitted) are what the answers echo.
    case job(Job)
    /// A cancel, a dismiss or a planted fault changed job `seq`: its whole changed state, replacing any earlier
    /// one. `end_unix_ns` absent means it never stops (`stuck-cancel`), `cancel_requested_unix_ns` absent means no
    /// cancel was accepted; `extra_refunds`, `revert_ms`, `reported_end_unix_ns` and `dismissed_unix_ns` appear
    /// only when a planted fault or an OGC dismiss set them.
    case state(State)
    /// beatra stored the answer to an Idempotency-Key: `scope` is a 128-bit digest of the account's token (the
    /// token itself never reaches the file), `fingerprint` the request's 128-bit digest, then the stored status
    /// and body (`body`, or `body_base64` for bytes that are not UTF-8).
    case key(Key)

    /// The header's `"t"`, which also tells a store from any other file.
    static let headerKind = "cancelbench-store"
    /// The format version this code writes and reads.
    static let format = 1

    struct Header: Equatable, Sendable {
        var dialect: Dialect
        var idSeed: UInt64
    }

    struct Job: Equatable, Sendable {
        var sequence: UInt64
        var createdUnixNs: Int64
        var startUnixNs: Int64
        var runNs: Int64
        var stopNs: Int64
        var outcome: JobOutcome
        var document = false
        var request: Request?
    }

    /// A beatra submission as the task object echoes it; `metadata` and `input` are the JSON texts as received.
    struct Request: Equatable, Sendable {
        var capability: String
        var model: String
        var metadata: String
        var input: String
        var callbackURL: String?
    }

    struct State: Equatable, Sendable {
        var sequence: UInt64
        var endUnixNs: Int64?
        var cancelRequestedUnixNs: Int64?
        var outcome: JobOutcome
        var extraRefunds: UInt8 = 0
        var revertMs: UInt8 = 0
        var reportedEndUnixNs: Int64?
        var dismissedUnixNs: Int64?
    }

    struct Key: Equatable, Sendable {
        var scope: String
        var key: String
        var fingerprint: IdempotencyStore.Fingerprint
        var status: Int
        var body: [UInt8]
    }
}

extension JobOutcome {
    /// The outcome's name in a store file.
    var storeName: String {
        switch self {
        case .succeeded: return "succeeded"
        case .failed: return "failed"
        case .moderated: return "moderated"
        case .cancelled: return "cancelled"
        }
    }

    /// The outcome a store file names, or nil.
    init?(storeName: String) {
        switch storeName {
        case "succeeded": self = .succeeded
        case "failed": self = .failed
        case "moderated": self = .moderated
        case "cancelled": self = .cancelled
        default: return nil
        }
    }
}
