import Foundation
import Testing
@testable import CancelbenchCLI

/// What format 2 puts on the wire, seen by a server that records every request: no header the profile did not
/// ask for, the token in the query but never in a record, form and multipart bodies, the client's own ids, a
/// header that carries the id; and a redirect counted for what it is.
@Suite struct RealAPIWireTests {
    /// Writes a profile file and returns its path.
    func profileFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "cb-wire-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A submit whose answer gives the id in a Location header, a body-less POST cancel, a form submit and a
    /// token in the query.
    static let formAndLocation = """
    {"format":2,"name":"wire","auth":{"query":"api_key"},
     "submit":{"method":"POST","path":"/jobs","form":{"prompt":"job {seq} & more","run":"{run}"},
               "id":{"header":"Location","pattern":"/jobs/{id}"}},
     "status":{"method":"GET","path":"/jobs/{id}"},
     "cancel":{"method":"POST","path":"/jobs/{id}/cancel","answer":"ack"},
     "fields":{"status":"state"},"states":{"live":"running","done":"succeeded","stopped":"cancelled"},
     "contract":{"cancelTerminal":{"status":"2xx"}}}
    """

    @Test func onlyTheHeadersTheProfileAskedFor() throws {
        let server = try HostileServer { req, _ in
            if req.method == "POST", req.target.hasPrefix("/jobs?") { return .respondWith(201, ["Location: http://127.0.0.1/jobs/j-42?x=1"], "") }
            if req.target.contains("/cancel") { return .respond(200, "{}") }
            return .respond(200, #"{"state":"done"}"#)
        }
        defer { server.stop() }
        let out = NSTemporaryDirectory() + "cb-wire-\(UUID().uuidString)"
        let profile = try profileFile(Self.formAndLocation)
        let r = runAgainst(server, ["--profile", profile, "--jobs", "3", "--concurrency", "1", "--cancel-mix", "after-terminal=1"], out: out)
        #expect(r.code == 0, "\(r.text)")
        let seen = server.seen
        let submit = try #require(seen.first { $0.method == "POST" && !$0.target.contains("/cancel") })
        #expect(submit.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(submit.body.hasPrefix("prompt=job%200%20%26%20more&run="))
        #expect(submit.target.hasSuffix("?api_key=t0k3n-hostile"))
        let reads = seen.filter { $0.method == "GET" }
        #expect(!reads.isEmpty && reads.allSatisfy { $0.target.hasPrefix("/jobs/j-42?api_key=") }, "the id came from the Location header")
        let cancel = try #require(seen.first { $0.target.contains("/cancel") })
        #expect(cancel.header("Content-Type") == nil, "an empty POST carries no Content-Type the profile did not ask for")
        #expect(seen.allSatisfy { $0.header("Accept") == nil && $0.header("Expect") == nil })
        // The token went in the query, and no record holds it.
        for file in ["requests.csv", "history.jsonl", "jobs.csv", "summary.json", "report.html"] {
            let text = try String(contentsOfFile: "\(out)/\(file)", encoding: .utf8)
            #expect(!text.contains("t0k3n-hostile"), "\(file) holds the token")
        }
    }

    @Test func multipartAndClientChosenIds() throws {
        let server = try HostileServer { req, _ in
            if req.method == "PUT" { return .respond(200, "{}") }
            if req.target.contains("/cancel") { return .respond(200, "{}") }
            return .respond(200, #"{"w":[{"s":2}]}"#)
        }
        defer { server.stop() }
        let profile = try profileFile("""
        {"format":2,"name":"mp","submit":{"method":"PUT","path":"/wf/{jobKey}","multipart":{"input":"{seq}"},"id":{"client":true}},
         "status":{"method":"GET","path":"/wf/{id}"},"cancel":{"method":"POST","path":"/wf/{id}/cancel","answer":"ack"},
         "fields":{"status":"w[0].s"},"states":{"1":"running","2":"succeeded","3":"cancelled"},
         "contract":{"cancelTerminal":{"status":200}}}
        """)
        let r = runAgainst(server, ["--profile", profile, "--jobs", "2", "--concurrency", "1", "--cancel-mix", "after-terminal=1"],
                           out: NSTemporaryDirectory() + "cb-wire-\(UUID().uuidString)")
        #expect(r.code == 0, "\(r.text)")
        let submit = try #require(server.seen.first { $0.method == "PUT" })
        let type = try #require(submit.header("Content-Type"))
        #expect(type.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(type.dropFirst("multipart/form-data; boundary=".count))
        #expect(submit.body.contains("--\(boundary)\r\nContent-Disposition: form-data; name=\"input\"\r\n\r\n"))
        #expect(submit.body.hasSuffix("--\(boundary)--\r\n"))
        let key = String(submit.target.dropFirst("/wf/".count))
        #expect(key.hasPrefix("cb-"))
        #expect(server.seen.contains { $0.method == "GET" && $0.target == "/wf/\(key)" }, "reads name the client's own id")
    }

    @Test func aRedirectIsNotAnError() throws {
        let server = try HostileServer { req, _ in
            if req.method == "POST", !req.target.contains("cancel") { return .respond(200, #"{"jobid":"j1","status":"created"}"#) }
            if req.target.contains("cancel") { return .respondWith(301, ["Location: /elsewhere"], "") }
            return .respond(200, #"{"jobid":"j1","status":"completed"}"#)
        }
        defer { server.stop() }
        let out = NSTemporaryDirectory() + "cb-wire-\(UUID().uuidString)"
        _ = runAgainst(server, ["--jobs", "3", "--concurrency", "1", "--cancel-mix", "after-terminal=1"], out: out)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
        let cancel = (summary["operations"] as! [String: [String: Any]])["cancel"]!
        #expect(cancel["redirects"] as? Int == cancel["count"] as? Int)
        #expect(cancel["errors"] as? Int == 0)
        #expect(cancel["error_rate"] as? Double == 0)
    }
}

/// libcurl sends a request again, on its own, when a kept-alive connection dies before any answer: the server
/// may then have acted twice. The record says so, and a refusal of the second send is not taken as definite.
@Suite struct ResendTests {
    @Test func aSilentResendIsRecorded() throws {
        let server = try HostileServer { req, n in
            if n == 2 { return .reset }
            if req.method == "POST" { return .respond(200, #"{"jobid":"j1","status":"created"}"#) }
            return .respond(200, #"{"jobid":"j1","status":"completed"}"#)
        }
        defer { server.stop() }
        let out = NSTemporaryDirectory() + "cb-resend-\(UUID().uuidString)"
        _ = runAgainst(server, ["--jobs", "1", "--concurrency", "1", "--cancel-mix", "none=1", "--settle", "0"], out: out)
        let seen = server.seen.map { "\($0.method) \($0.target)" }
        #expect(seen.count >= 3 && seen[1] == seen[2], "the second request was sent twice: \(seen)")
        let csv = try String(contentsOfFile: "\(out)/requests.csv", encoding: .utf8)
        #expect(csv.contains(",resent,"), "requests.csv names the resend")
        let history = try String(contentsOfFile: "\(out)/history.jsonl", encoding: .utf8)
        #expect(history.contains(#""error":"resent""#))
    }
}

/// The repository's profiles folder.
private let shippedProfiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("profiles")

/// `cancelbench probe`: a passing job for every shipped profile the embedded target plays, and the hint a
/// profile author needs when the profile does not fit.
@Suite struct ProbeCommandTests {
    func probe(_ args: [String]) -> (code: Int32, text: String) {
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(["probe"] + args, capture: capture)
        return (code, capture.out + capture.err)
    }

    @Test(arguments: ["pika", "beatra", "praison", "ogc-processes"])
    func shippedProfilesPass(name: String) {
        let r = probe(["--profile", name, "--poll-interval", "20ms"])
        #expect(r.code == 0, "\(r.text)")
        #expect(r.text.contains("probe: PASS"))
    }

    @Test func aWrongStatusPathGetsAHint() throws {
        let text = try String(contentsOf: shippedProfiles.appendingPathComponent("ogc-processes.json"), encoding: .utf8)
            .replacingOccurrences(of: #""status": "status", "progress""#, with: #""status": "state", "progress""#)
        let path = NSTemporaryDirectory() + "cb-probe-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = probe(["--profile", path, "--poll-interval", "20ms"])
        #expect(r.code == 65)
        #expect(r.text.contains("$.state not found; the answer has keys processID, type, jobID, status"), "\(r.text)")
    }

    @Test func anUnreachableTargetIsIncomplete() {
        let r = probe(["--profile", "pika", "--target", "http://127.0.0.1:1", "--token", "x"])
        #expect(r.code == 3)
        #expect(r.text.contains("got no answer"))
    }

    @Test func aProfileWithoutAReferenceNeedsATarget() throws {
        let text = try String(contentsOf: shippedProfiles.appendingPathComponent("pika.json"), encoding: .utf8)
            .replacingOccurrences(of: #""reference": "pika","#, with: "")
        let path = NSTemporaryDirectory() + "cb-probe-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = probe(["--profile", path])
        #expect(r.code == 64)
        #expect(r.text.contains("give --target URL"))
    }
}
