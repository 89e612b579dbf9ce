import Foundation
import LoadModel
import Transport

/// Turns a job's request intent into an HTTP request through the profile's templates.
struct RequestFactory {
    let profile: Profile
    let baseURL: String
    let runId: String
    /// `Authorization: Bearer …`, built once; it goes to the transport only, never to a record.
    let authLine: String?

    init(profile: Profile, baseURL: String, runId: String, token: String?) {
        self.profile = profile
        self.baseURL = baseURL
        self.runId = runId
        if let auth = profile.auth, let token { authLine = "\(auth.header): \(auth.prefix)\(token)" } else { authLine = nil }
    }

    /// The id a request names: the job's own, one that cannot exist, or none.
    func requestedId(_ use: IdUse, jobId: String?, seq: Int) -> String {
        switch use {
        case .job: return jobId ?? ""
        case .unknown: return "cb-unknown-\(runId)-\(seq)"
        case .missing: return ""
        }
    }

    /// Builds the request; `seq` makes the Idempotency-Key and X-Request-Id unique per exchange.
    func make(_ intent: RequestIntent, job: Int, id: String, seq: Int) -> (ClientRequest, String) {
        let call: Profile.Call
        switch intent.kind {
        case .submit: call = profile.submit
        case .status: call = profile.status
        case .cancel: call = profile.cancel
        }
        func value(_ v: Template.Variable, forURL: Bool) -> String? {
            switch v {
            case .id: return forURL ? Self.percentEncode(id) : id
            case .seq: return String(job)
            case .run: return runId
            case .idempotencyKey: return "cb-\(runId)-\(seq)"
            case .requestId: return "cb-\(runId)-r\(seq)"
            }
        }
        let path = call.path.render { value($0, forURL: true) }
        var headers: [String] = []
        if let authLine { headers.append(authLine) }
        for h in call.headers { headers.append("\(h.name): \(h.value.render { value($0, forURL: false) })") }
        let body = call.body.map { Array($0.render { value($0, forURL: false) }.utf8) }
        let request = ClientRequest(tag: seq, method: call.method, url: baseURL + path, headers: headers, body: body)
        return (request, "\(call.method) \(path)")
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
