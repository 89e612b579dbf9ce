import Foundation
import LoadModel
import Reports
import Testing
@testable import Harness
@testable import Transport

/// Review of profile format 2, on the harness side: how an answer becomes an operation, and what reaches an
/// output.
@Suite struct ReviewWireTests {
    static let profileText = """
    {"format":2,"name":"r","auth":{"query":"api_key"},
     "submit":{"method":"POST","path":"/jobs","id":{"body":"id"}},
     "status":{"method":"GET","path":"/jobs/{id}?verbose=1"},
     "cancel":{"method":"POST","path":"/jobs/{id}/cancel","refused":[{"status":"2xx","body":{"status":"REJECT"}}]},
     "fields":{"status":"status"},"states":{"queued":"queued","done":"succeeded","cancelled":"cancelled"},
     "contract":{"cancelTerminal":{"status":"2xx"}}}
    """

    func response(_ status: Int, _ body: String, resent: Bool) -> ClientResponse {
        ClientResponse(tag: 1, status: status, body: Array(body.utf8), headers: [], error: nil, errorDetail: nil,
                       startedAt: 0, sentAt: 0, completedAt: 1, newConnections: 0, bytesSent: 0, bytesReceived: 0, resent: resent)
    }

    /// A resent exchange's refusal is made `info` (the first send may have taken effect), but the `refused`
    /// rules are applied afterwards and turn it back into `fail`: a resent cancel answered `200 {"status":
    /// "REJECT"}` (say "already cancelled", by the first send) is then a definite refusal, and invariant 14
    /// blames the API when the job reads cancelled.
    @Test func aResentAnswerThatTheProfileCallsRefusedStaysIndeterminate() throws {
        let p = try Profile.parse(Array(Self.profileText.utf8))
        let reader = ResponseReader(profile: p)
        let (op, _) = reader.read(response(200, #"{"status":"REJECT"}"#, resent: true), kind: .cancel, idUse: .job,
                                  requestedId: "j", request: "POST /jobs/j/cancel", seq: 1, origin: 0)
        #expect(op.transportError == "resent")
        #expect(op.outcome == .info)
    }

    /// A `refused` rule is for 2xx answers ("refused although their status is 2xx"): the parser refuses a rule
    /// for other statuses (ProfileFormat2Tests), and the reader never turns a 5xx whose body matches into a
    /// definite refusal.
    @Test func aRefusedRuleNeverMakesA5xxDefinite() throws {
        let p = try Profile.parse(Array(Self.profileText.utf8))
        let reader = ResponseReader(profile: p)
        let (op, _) = reader.read(response(503, #"{"status":"REJECT"}"#, resent: false), kind: .cancel, idUse: .job,
                                  requestedId: "j", request: "POST /jobs/j/cancel", seq: 1, origin: 0)
        #expect(op.outcome == .info)
        let (ok, _) = reader.read(response(200, #"{"status":"REJECT","detail":{"a":1}}"#, resent: false), kind: .cancel, idUse: .job,
                                  requestedId: "j", request: "POST /jobs/j/cancel", seq: 2, origin: 0)
        #expect(ok.outcome == .fail, "a 2xx that matches is still a refusal")
    }

    /// The token sent in the query is percent-encoded with RFC 3986's unreserved set; the redactor's
    /// percent-encoded form keeps only letters and digits, so a token holding both (say `se+cr-et/x=1`) is not
    /// recognised when a target echoes its URL (a `self` link, an echo of the request) and `cancelbench probe`
    /// prints it (found live) and violations.jsonl would keep it.
    @Test func theQueryTokenAsSentIsRedacted() throws {
        let p = try Profile.parse(Array(Self.profileText.utf8))
        let token = "se+cr-et/x=1"
        let factory = RequestFactory(profile: p, baseURL: "http://127.0.0.1:1", runId: "r", token: token, unpaidToken: nil)
        let built = factory.make(RequestIntent(kind: .status, idUse: .job, intended: Instant(nanoseconds: 0)), job: 0, id: "j", seq: 1)
        #expect(built.request.url == "http://127.0.0.1:1/jobs/j?verbose=1&api_key=se%2Bcr-et%2Fx%3D1")
        let echoed = "{\"self\":\"\(built.request.url)\"}"
        #expect(!Redactor(secrets: [token]).redact(echoed).contains("cr-et"), "\(Redactor(secrets: [token]).redact(echoed))")
    }
}
