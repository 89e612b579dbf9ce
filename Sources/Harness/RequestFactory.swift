import Foundation
import LoadModel
import Transport

/// Turns a job's request intent into an HTTP request through the profile's templates.
public struct RequestFactory {
    let profile: Profile
    let baseURL: String
    let runId: String
    /// `Authorization: Bearer …`, built once; it goes to the transport only, never to a record.
    let authLine: String?
    /// The same header with the unpaid account's token, for the `unpaid` probe.
    let unpaidLine: String?
    /// `api_key=…` for an API that takes its token in the query, built once; added to the URL the transport
    /// sends, never to the request line a record keeps.
    let authQuery: String?
    /// The same parameter with the unpaid account's token.
    let unpaidQuery: String?
    /// The calls that carry an Idempotency-Key (in a header, the body or the path), found once.
    let keyed: Set<OperationKind>
    /// The multipart boundary: fixed per run, long and random-looking so no field value holds it by chance.
    let boundary: String
    /// Where the loopback callback receiver listens, for `{callbackUrl}`.
    let callbackURL: String

    init(profile: Profile, baseURL: String, runId: String, token: String?, unpaidToken: String?, callbackURL: String = "") {
        self.profile = profile
        self.baseURL = baseURL
        self.runId = runId
        self.callbackURL = callbackURL
        let headerAuth = profile.auth.flatMap { $0.query == nil ? $0 : nil }
        let queryAuth = profile.auth?.query
        authLine = headerAuth.flatMap { auth in token.map { "\(auth.header): \(auth.prefix)\($0)" } }
        unpaidLine = headerAuth.flatMap { auth in unpaidToken.map { "\(auth.header): \(auth.prefix)\($0)" } }
        authQuery = queryAuth.flatMap { name in token.map { "\(name)=\(Self.percentEncode($0))" } }
        unpaidQuery = queryAuth.flatMap { name in unpaidToken.map { "\(name)=\(Self.percentEncode($0))" } }
        keyed = Set([(OperationKind.submit, profile.submit), (.status, profile.status), (.cancel, profile.cancel)]
            .filter { $0.1.uses(.idempotencyKey) }.map(\.0))
        boundary = "cancelbench-" + String(Self.fnv(runId), radix: 16) + String(Self.fnv(runId + "/b"), radix: 16)
    }

    /// The id a request names: the job's own, one that cannot exist (spelled as the profile's probes say), or
    /// none. A submit names the job's `{jobKey}` when the client chooses ids.
    func requestedId(_ use: IdUse, kind: OperationKind = .cancel, jobId: String?, job: Int, seq: Int) -> String {
        if kind == .submit, profile.submitId == .client { return jobKey(job) }
        switch use {
        case .job, .noToken, .unpaid: return jobId ?? ""
        case .unknown: return unknownId(seq)
        case .missing: return ""
        }
    }

    /// `{jobKey}`: the client's own name for a job, unique in the run.
    func jobKey(_ job: Int) -> String { "cb-\(runId)-\(job)" }

    /// An id no job has, in the shape the profile's probes ask for.
    func unknownId(_ seq: Int) -> String {
        switch profile.probes.unknownId {
        case .text: return "cb-unknown-\(runId)-\(seq)"
        case .integer:
            // 18 digits starting with 9: a valid int64 that no counter-based API reaches.
            let digits = String(Self.fnv("\(runId)/\(seq)") % 100_000_000_000_000_000)
            return "9" + String(repeating: "0", count: 17 - digits.count) + digits
        case .uuid:
            let a = Self.fnv("\(runId)/\(seq)/a"), b = Self.fnv("\(runId)/\(seq)/b")
            func hex(_ v: UInt64, _ n: Int) -> String {
                let s = String(v, radix: 16)
                return String(repeating: "0", count: max(0, n - s.count)) + s.suffix(n)
            }
            // Version 4, variant 10xx, as RFC 9562 §5.4 spells a random UUID.
            return "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xffff, 4))-4\(hex(a & 0xfff, 3))-\(hex(0x8000 | (b >> 48) & 0x3fff, 4))-\(hex(b & 0xffff_ffff_ffff, 12))"
        }
    }

    /// FNV-1a of text, for ids and boundaries that follow from the run id alone.
    static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// A built request: what the transport sends, and what the history keeps (never headers).
    struct Built {
        var request: ClientRequest
        /// `METHOD path`.
        var line: String
        /// The method and the path of `line`, for the requests.csv row.
        var method: String
        var path: String
        /// The Idempotency-Key sent, when the call carries one.
        var key: String?
        /// Whether the request line or a header would hold a control character (a CR/LF in a job id from the
        /// target, say): such a request is never sent, since it could inject headers.
        var unsafe = false
    }

    /// Whether `text` holds a byte that may not appear in a request line or a header value (CTLs but tab).
    public static func hasControl(_ text: String) -> Bool {
        ByteText.withUTF8(text) { bytes in bytes.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F } }
    }

    /// Whether `path` cannot go into a request line: a control character but tab (as `hasControl`), or a space.
    static func unsafeInRequestLine(_ path: String) -> Bool {
        ByteText.withUTF8(path) { bytes in bytes.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F || $0 == 0x20 } }
    }

    /// Builds the request; `seq` makes fresh Idempotency-Keys and X-Request-Ids unique per exchange.
    func make(_ intent: RequestIntent, job: Int, id: String, seq: Int) -> Built {
        let call: Profile.Call
        switch intent.kind {
        case .submit: call = profile.submit
        case .status: call = profile.status
        case .cancel: call = profile.cancel
        }
        // Spelled only when the call carries a key or a template names it.
        var madeKey: String?
        func key() -> String {
            if let madeKey { return madeKey }
            let k: String
            switch intent.key {
            case .fresh: k = "cb-\(runId)-\(seq)"
            case .shared(let n): k = "cb-\(runId)-j\(job)-k\(n)"
            }
            madeKey = k
            return k
        }
        func value(_ v: Template.Variable, forURL: Bool) -> String? {
            switch v {
            case .id: return forURL ? Self.percentEncode(id) : id
            case .seq: return String(job)
            case .run: return runId
            case .idempotencyKey: return key()
            case .requestId: return "cb-\(runId)-r\(seq)"
            case .payload: return String(intent.payload)
            case .callbackUrl: return callbackURL
            case .jobKey: return forURL ? Self.percentEncode(jobKey(job)) : jobKey(job)
            }
        }
        let path = call.path.render { value($0, forURL: true) }
        var headers: [String] = []
        var query: String?
        switch intent.idUse {
        case .noToken: break
        case .unpaid: if let unpaidLine { headers.append(unpaidLine) }; query = unpaidQuery
        default: if let authLine { headers.append(authLine) }; query = authQuery
        }
        // The key the request carries, wherever the profile places it (a header, the body, the path).
        let sentKey: String? = keyed.contains(intent.kind) ? key() : nil
        for h in call.headers {
            headers.append("\(h.name): \(h.value.render { value($0, forURL: false) })")
        }
        var body: [UInt8]?
        if let b = call.body {
            body = render(b) { value($0, forURL: false) }
            switch b {
            case .form where !call.hasHeader("Content-Type"): headers.append("Content-Type: application/x-www-form-urlencoded")
            case .multipart: headers.append("Content-Type: multipart/form-data; boundary=\(boundary)")
            default: break
            }
        }
        let timeout = intent.timeout.map { max(1, Int($0.nanoseconds / 1_000_000)) }
        let url = baseURL + path + (query.map { (path.contains("?") ? "&" : "?") + $0 } ?? "")
        let request = ClientRequest(tag: seq, method: call.method, url: url, headers: headers, body: body,
                                    captureHeaders: intent.kind == .submit && profile.submitId.isHeader,
                                    timeoutMilliseconds: timeout)
        let unsafe = Self.unsafeInRequestLine(path) || headers.contains(where: Self.hasControl)
        return Built(request: request, line: call.method + " " + path, method: call.method, path: path, key: sentKey, unsafe: unsafe)
    }

    /// The body's bytes: JSON with escaped values, a form with percent-encoded ones, multipart parts, or text.
    func render(_ body: RequestBody, _ value: (Template.Variable) -> String?) -> [UInt8] {
        switch body {
        case .json(let t): return Array(t.render(value).utf8)
        case .text(let t): return Array(t.render(value).utf8)
        case .form(let fields):
            return Array(fields.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value.render(value)))" }.joined(separator: "&").utf8)
        case .multipart(let fields):
            var out = ""
            for f in fields {
                out += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.name)\"\r\n\r\n\(f.value.render(value))\r\n"
            }
            return Array((out + "--\(boundary)--\r\n").utf8)
        }
    }

    /// RFC 3986 unreserved characters: ASCII letters and digits, `-`, `.`, `_`, `~` (compared, not hashed: every
    /// id in every URL is checked).
    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): return true
        default: return false
        }
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    static func percentEncode(_ s: String) -> String {
        if ByteText.withUTF8(s, { $0.allSatisfy(isUnreserved) }) { return s }
        var out = ""
        for b in s.utf8 {
            if isUnreserved(b) { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += String(format: "%%%02X", b) }
        }
        return out
    }
}
