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
    /// Where the loopback callback receiver listens, for `{callbackUrl}`.
    let callbackURL: String

    init(profile: Profile, baseURL: String, runId: String, token: String?, unpaidToken: String?, callbackURL: String = "") {
        self.profile = profile
        self.baseURL = baseURL
        self.runId = runId
        self.callbackURL = callbackURL
        authLine = profile.auth.flatMap { auth in token.map { "\(auth.header): \(auth.prefix)\($0)" } }
        unpaidLine = profile.auth.flatMap { auth in unpaidToken.map { "\(auth.header): \(auth.prefix)\($0)" } }
    }

    /// The id a request names: the job's own, one that cannot exist, or none.
    func requestedId(_ use: IdUse, jobId: String?, seq: Int) -> String {
        switch use {
        case .job, .noToken, .unpaid: return jobId ?? ""
        case .unknown: return "cb-unknown-\(runId)-\(seq)"
        case .missing: return ""
        }
    }

    /// A built request: what the transport sends, and what the history keeps (never headers).
    struct Built {
        var request: ClientRequest
        /// `METHOD path`.
        var line: String
        /// The Idempotency-Key sent, when the call carries one.
        var key: String?
        /// Whether the request line or a header would hold a control character (a CR/LF in a job id from the
        /// target, say): such a request is never sent, since it could inject headers.
        var unsafe = false
    }

    /// Whether `text` holds a byte that may not appear in a request line or a header value (CTLs but tab).
    public static func hasControl(_ text: String) -> Bool {
        text.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
    }

    /// Builds the request; `seq` makes fresh Idempotency-Keys and X-Request-Ids unique per exchange.
    func make(_ intent: RequestIntent, job: Int, id: String, seq: Int) -> Built {
        let call: Profile.Call
        switch intent.kind {
        case .submit: call = profile.submit
        case .status: call = profile.status
        case .cancel: call = profile.cancel
        }
        let key: String
        switch intent.key {
        case .fresh: key = "cb-\(runId)-\(seq)"
        case .shared(let n): key = "cb-\(runId)-j\(job)-k\(n)"
        }
        func value(_ v: Template.Variable, forURL: Bool) -> String? {
            switch v {
            case .id: return forURL ? Self.percentEncode(id) : id
            case .seq: return String(job)
            case .run: return runId
            case .idempotencyKey: return key
            case .requestId: return "cb-\(runId)-r\(seq)"
            case .payload: return String(intent.payload)
            case .callbackUrl: return callbackURL
            }
        }
        let path = call.path.render { value($0, forURL: true) }
        var headers: [String] = []
        switch intent.idUse {
        case .noToken: break
        case .unpaid: if let unpaidLine { headers.append(unpaidLine) }
        default: if let authLine { headers.append(authLine) }
        }
        var sentKey: String?
        for h in call.headers {
            headers.append("\(h.name): \(h.value.render { value($0, forURL: false) })")
            if h.value.uses(.idempotencyKey) { sentKey = key }
        }
        let body = call.body.map { Array($0.render { value($0, forURL: false) }.utf8) }
        let timeout = intent.timeout.map { max(1, Int($0.nanoseconds / 1_000_000)) }
        let request = ClientRequest(tag: seq, method: call.method, url: baseURL + path, headers: headers, body: body,
                                    timeoutMilliseconds: timeout)
        let unsafe = Self.hasControl(path) || path.utf8.contains(0x20) || headers.contains(where: Self.hasControl)
        return Built(request: request, line: "\(call.method) \(path)", key: sentKey, unsafe: unsafe)
    }

    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    static func percentEncode(_ s: String) -> String {
        if s.utf8.allSatisfy({ unreserved.contains($0) }) { return s }
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += String(format: "%%%02X", b) }
        }
        return out
    }
}
