import Foundation
import Testing
@testable import LoadModel

/// Profile format 2: the keys for real job APIs, each read as the manual says, and each bad value refused with
/// its JSON path.
@Suite struct ProfileFormat2Tests {
    /// A format-2 profile of a Temporal-like API: client-chosen id, status deep in the answer, an acknowledgement
    /// for a cancel, a guaranteed-cancel contract, no queued state.
    static let base = """
    {"format":2,"name":"wf","auth":{"query":"api_key"},
     "submit":{"method":"POST","path":"/wf/{jobKey}","body":{"input":"{seq}"},"id":{"client":true},
               "refused":[{"status":"2xx","body":{"status":"REJECT"}}]},
     "status":{"method":"GET","path":"/wf/{id}"},
     "cancel":{"method":"POST","path":"/wf/{id}/cancel","answer":"ack","semantics":"guaranteed"},
     "fields":{"status":"$.info.runs[0].status"},
     "states":{"RUNNING":"running","DONE":"succeeded","CANCELED":"cancelled"},
     "retention":{"afterCancel":"gone","status":404},
     "probes":{"unknownId":"uuid","calls":["cancel","status"]},
     "contract":{"cancelTerminal":{"status":"2xx"},"unknownId":{"status":404}}}
    """

    func parse(_ text: String) throws(DataError) -> Profile { try Profile.parse(Array(text.utf8)) }

    @Test func everyKeyIsRead() throws {
        let p = try parse(Self.base)
        #expect(p.format == 2)
        #expect(p.auth?.query == "api_key")
        #expect(p.submitId == .client)
        #expect(p.submit.refused == [AnswerRule(status: .success, body: .object([("status", .string("REJECT"))]))])
        #expect(p.cancelRule == CancelRule(answer: .ack, semantics: .guaranteed))
        #expect(p.fields.status.steps == [.key("info"), .key("runs"), .index(0), .key("status")])
        #expect(p.retention.goneAfterCancel && !p.retention.goneAfterEnd && p.retention.status == 404 && p.retention.declared)
        #expect(p.probes == Probes(unknownId: .uuid, calls: [.cancel, .status]))
        #expect(!p.states.values.contains(.queued), "no queued state is needed")
    }

    @Test func seedProfilesKeepTheirFormatOneMeaning() throws {
        for name in ["pika", "beatra", "praison"] {
            let p = try loadProfile(name)
            #expect(p.format == 1)
            #expect(p.cancelRule == CancelRule())
            #expect(!p.retention.declared && !p.retention.allowsGone)
            #expect(p.probes == Probes())
            guard case .body = p.submitId else { Issue.record("\(name): the id is read from the body"); continue }
        }
    }

    @Test(arguments: [
        // A Location header with an absolute URL.
        ("/jobs/{id}", "http://127.0.0.1:5000/jobs/8f1c?f=json", "8f1c"),
        // A relative one, with a suffix after the id.
        ("/jobs/{id}/status", "/api/jobs/42/status", "42"),
        // The last occurrence of the text before {id} counts.
        ("/jobs/{id}", "/jobs/x/jobs/7", "7"),
        // No match.
        ("/runs/{id}", "/jobs/7", nil),
        // An empty id is no id.
        ("/jobs/{id}", "/jobs/", nil),
    ] as [(String, String, String?)])
    func headerPatternFindsTheId(pattern: String, header: String, id: String?) {
        #expect(IdPattern(pattern)?.match(header) == id)
    }

    @Test(arguments: [
        ("progress.percent", [FieldPath.Step.key("progress"), .key("percent")]),
        ("$.items[0].id", [.key("items"), .index(0), .key("id")]),
        ("$[1]", [.index(1)]),
        ("a[2][3]", [.key("a"), .index(2), .index(3)]),
    ])
    func pathsWithArrays(text: String, steps: [FieldPath.Step]) {
        #expect(FieldPath(parsing: text)?.steps == steps)
    }

    @Test(arguments: ["", ".a", "a.", "a..b", "a[x]", "a[", "a[-1]", "a[0]b", "$a", "a.[0]"])
    func badPathsAreRefused(text: String) {
        #expect(FieldPath(parsing: text).map { $0.steps.isEmpty } ?? true, "\(text) must not parse")
    }

    @Test func statusCodesAndArraysAreRead() throws {
        var p = try parse(Self.base)
        p.fields.status = FieldPath(parsing: "$.s[1]")!
        p.states["3"] = .running
        #expect(p.observe(try JSONParser.parse(Array(#"{"s":["x",3]}"#.utf8))).state == .running)
        // A number where the profile names states is no status at all, not an unknown one.
        #expect(p.observe(try JSONParser.parse(Array(#"{"s":["x",7]}"#.utf8))).status == nil)
    }

    @Test func templatesWriteLiteralBraces() throws {
        let t = try Template(#"{{"query":"{{ job(id: \"{id}\") }}"}}"#)
        #expect(t.render { $0 == .id ? "7" : nil } == #"{"query":"{ job(id: \"7\") }"}"#)
        #expect(try Template("cb-{jobKey}").uses(.jobKey))
    }

    @Test(arguments: [
        HostileProfile(#""id":{"client":true}"#, #""id":{"header":"Location"}"#, "$.submit.id.pattern", "missing"),
        HostileProfile(#""id":{"client":true}"#, #""id":{"header":"Location","pattern":"/jobs/"}"#, "$.submit.id.pattern", "exactly one {id}"),
        HostileProfile(#""id":{"client":true}"#, #""id":{"header":"Location","pattern":"/{id}/{id}"}"#, "$.submit.id.pattern", "exactly one {id}"),
        HostileProfile(#""id":{"client":true}"#, #""id":{"cookie":"x"}"#, "$.submit.id.cookie", "unknown key"),
        HostileProfile(#""/wf/{jobKey}""#, #""/wf""#, "$.submit", "expected {jobKey}"),
        HostileProfile(#""answer":"ack""#, #""answer":"none""#, "$.cancel.answer", "job"),
        HostileProfile(#""semantics":"guaranteed""#, #""semantics":"always""#, "$.cancel.semantics", "best-effort"),
        HostileProfile(#""afterCancel":"gone""#, #""afterCancel":"lost""#, "$.retention.afterCancel", "kept"),
        HostileProfile(#""status":404},"#, #""status":200},"#, "$.retention.status", "400"),
        HostileProfile(#""unknownId":"uuid""#, #""unknownId":"guid""#, "$.probes.unknownId", "uuid"),
        HostileProfile(#""calls":["cancel","status"]"#, #""calls":["submit"]"#, "$.probes.calls[0]", "cancel"),
        HostileProfile(#""calls":["cancel","status"]"#, #""calls":[]"#, "$.probes.calls", "found an empty list"),
        HostileProfile(#""refused":[{"status":"2xx","body":{"status":"REJECT"}}]"#, #""refused":{"status":200}"#, "$.submit.refused", "a non-empty list of answers"),
        HostileProfile(#""refused":[{"status":"2xx","body":{"status":"REJECT"}}]"#, #""refused":[]"#, "$.submit.refused", "found an empty list"),
        HostileProfile(#""refused":[{"status":"2xx","body":{"status":"REJECT"}}]"#, #""refused":[{"status":500}]"#, "$.submit.refused[0].status", "a 2xx status code"),
        HostileProfile(#""refused":[{"status":"2xx","body":{"status":"REJECT"}}]"#, #""refused":[{"status":"any"}]"#, "$.submit.refused[0].status", "a 2xx status code"),
        HostileProfile(#""refused":[{"status":"2xx","body":{"status":"REJECT"}}]"#, #""refused":[{"body":{}}]"#, "$.submit.refused[0].status", "missing"),
        HostileProfile(#""body":{"input":"{seq}"}"#, #""body":{"input":"{seq}"},"form":{"a":"b"}"#, "$.submit.form", "one body"),
        HostileProfile(#""body":{"input":"{seq}"}"#, #""multipart":{"a\"b":"c"}"#, #"$.submit.multipart["a\"b"]"#, "quote"),
        HostileProfile(#""auth":{"query":"api_key"}"#, #""auth":{"query":"api_key","header":"X-Key"}"#, "$.auth.header", "not both"),
        HostileProfile(#""auth":{"query":"api_key"}"#, #""auth":{"query":"api key"}"#, "$.auth.query", "HTTP token"),
        HostileProfile(#""format":2"#, #""format":3"#, "$.format", "1"),
        HostileProfile(#""DONE":"succeeded","#, #""DONE":"succeeded","RUNNING2":"succeeded","#, "$.states", ""),
        HostileProfile(#""RUNNING":"running","#, "", "$.states", "\"queued\" or \"running\""),
    ])
    func badFormatTwoValuesAreRefused(_ hostile: HostileProfile) {
        var text = Self.base
        for e in hostile.edits {
            precondition(text.contains(e.find), "edit target missing: \(e.find)")
            text = text.replacingOccurrences(of: e.find, with: e.replace)
        }
        if hostile.message.isEmpty { #expect(throws: Never.self) { try parse(text) }; return }
        do {
            _ = try parse(text)
            Issue.record("accepted: \(hostile)")
        } catch {
            #expect(error.path == hostile.path, "\(error)")
            #expect(error.message.contains(hostile.message), "\(error)")
        }
    }
}
