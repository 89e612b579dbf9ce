import Foundation
import Testing
@testable import CancelbenchCLI

/// What a hostile target does to the Pika contract's calls: submits get `submit`, everything else `other`.
struct Hostility: Sendable, CustomTestStringConvertible {
    var name: String
    var submit: HostileServer.Action
    var other: HostileServer.Action
    /// The exit code the run must end with, and a fragment its error or verdict must hold.
    var exit: Int32
    var says: String
    var testDescription: String { name }

    static let created = HostileServer.Action.respond(200, #"{"jobid":"j1","status":"created"}"#)
}

/// Runs `cancelbench run` against a hostile target: what it exits with, what it printed, how long it took.
func runAgainst(_ server: HostileServer, _ extra: [String] = [], out: String) -> (code: Int32, text: String, seconds: Double) {
    let capture = ConsoleCapture()
    let started = Date()
    let code = CancelbenchCLI.main(["run", "--target", server.url, "--token", "t0k3n-hostile", "--out", out, "--seed", "1"] + extra,
                                   capture: capture)
    return (code, capture.out + capture.err, Date().timeIntervalSince(started))
}

/// Small servers on 127.0.0.1 that misbehave, each as a user would meet it: the run must end with the honest
/// exit code (never a PASS that judged nothing), say why in words a person can act on, and stay bounded in
/// time. Mixes leave out the error-contract probes where a target that answers everything alike would
/// (correctly) fail them, so what is judged is the verdict's honesty alone.
@Suite struct HostileTargetTests {
    static let noProbes = ["--cancel-mix", "none=2,queued=1,after-terminal=1"]

    @Test(arguments: [
        Hostility(name: "every read answers 404", submit: Hostility.created, other: .respond(404, #"{"error":"not found"}"#),
                  exit: 3, says: "0 of 12 jobs were ever read: every read failed (404"),
        Hostility(name: "reads have no status field", submit: Hostility.created, other: .respond(200, #"{"jobid":"j1","state":"done"}"#),
                  exit: 3, says: "without a status at the profile's $.status (first answer: {\"jobid\":\"j1\",\"state\":\"done\"})"),
        Hostility(name: "the status field is not a string", submit: Hostility.created, other: .respond(200, #"{"status":7}"#),
                  exit: 3, says: "without a status at the profile's $.status"),
        Hostility(name: "reads are not JSON", submit: Hostility.created, other: .respond(200, #"{"status": "comple"#),
                  exit: 3, says: "without a status"),
        Hostility(name: "few jobs, every submit 401", submit: .respond(401, #"{"error":"Unauthorized"}"#), other: .respond(401, "{}"),
                  exit: 3, says: "401 means the token was refused"),
        Hostility(name: "few jobs, the base path does not exist", submit: .respond(404, "Not Found"), other: .respond(404, "{}"),
                  exit: 3, says: "404 means the profile's submit path does not exist"),
        Hostility(name: "2xx submits without the id where the profile looks", submit: .respond(200, #"{"id":"abc"}"#), other: .respond(200, "{}"),
                  exit: 3, says: "the profile's job id path $.jobid found nothing in the answer (first answer: {\"id\":\"abc\"})"),
        Hostility(name: "garbage instead of HTTP", submit: .garbage, other: .garbage, exit: 3, says: "not HTTP/1.1"),
        Hostility(name: "an endless body", submit: .endless, other: .endless, exit: 3, says: "body-too-large"),
        Hostility(name: "no answer at all", submit: .hang, other: .hang, exit: 3, says: "did not answer within --request-timeout"),
        Hostility(name: "a body trickling a byte at a time", submit: .trickle, other: .trickle, exit: 3, says: "timeout"),
        Hostility(name: "connections reset", submit: .reset, other: .reset, exit: 3, says: "closed connections without answering"),
    ])
    func neverAFalsePass(_ h: Hostility) throws {
        let server = try HostileServer { r, _ in r.method == "POST" ? h.submit : h.other }
        defer { server.stop() }
        let run = runAgainst(server, Self.noProbes + ["--jobs", "12", "--job-timeout", "1s", "--request-timeout", "300ms", "--max-body", "64KB"],
                             out: scratchDirectory("hostile"))
        #expect(run.code == h.exit, "\(h.name): \(run.text)")
        #expect(run.text.contains(h.says), "\(h.name): \(run.text)")
        #expect(run.seconds < 30, "\(h.name) took \(run.seconds) s")
    }

    /// A target that echoes the request's credentials everywhere (in statuses, error bodies, past the 512-byte
    /// excerpt): no file of the results folder, and nothing printed, holds the token or the URL's password.
    @Test func echoedSecretsNeverReachAnOutput() throws {
        let server = try HostileServer { r, n in
            let auth = r.header("authorization") ?? "none"
            if r.method == "POST" { return .respond(200, #"{"jobid":"j\#(n)","status":"created","echo":"\#(auth)"}"#) }
            if r.target.contains("cancel") {
                return .respond(409, #"{"error":"\#(auth)","pad":"\#(String(repeating: "x", count: 500))\#(auth)"}"#)
            }
            return .respond(200, #"{"status":"\#(auth)","progress":1}"#)
        }
        defer { server.stop() }
        let out = scratchDirectory("echo")
        let capture = ConsoleCapture()
        let url = "http://alice:pa55-w0rd@127.0.0.1:\(server.port)"
        let code = CancelbenchCLI.main(["run", "--target", url, "--token", "t0k3n-hostile", "--jobs", "8", "--job-timeout", "300ms",
                                        "--cancel-deadline", "200ms", "--out", out, "--junit", out + "/junit.xml"], capture: capture)
        #expect(code != 0)
        #expect(server.seen.contains { $0.header("authorization") == "Bearer t0k3n-hostile" }, "the token was sent")
        let secrets = ["t0k3n-hostile", "pa55-w0rd", Data("alice:pa55-w0rd".utf8).base64EncodedString()]
        var written = capture.out + capture.err
        for file in try FileManager.default.contentsOfDirectory(atPath: out) {
            written += (try? String(contentsOfFile: out + "/" + file, encoding: .utf8)) ?? ""
        }
        #expect(written.contains("[redacted]"), "the echoes were recorded, redacted")
        for secret in secrets { #expect(!written.contains(secret), "\(secret) leaked") }
    }

    /// A job id holding CR/LF, placed in a header by the profile: never sent (no header injected), the job is
    /// given up as unsendable, and the run says so instead of passing.
    @Test func controlCharactersFromTheTargetAreNeverSentInAHeader() throws {
        let server = try HostileServer { r, n in
            r.method == "POST" ? .respond(200, #"{"jobid":"j\#(n)\r\nX-Evil: 1","status":"created"}"#) : .respond(200, #"{"status":"completed"}"#)
        }
        defer { server.stop() }
        var profile = try String(contentsOfFile: ProfileLoader.searchPath.map { $0 + "/pika.json" }.first { FileManager.default.fileExists(atPath: $0) }!, encoding: .utf8)
        profile = profile.replacingOccurrences(of: #""status": { "method": "GET", "path": "/v1/pika/jobs/?jobid={id}" }"#,
                                               with: #""status": { "method": "GET", "path": "/v1/pika/jobs/?jobid={id}", "headers": { "X-Job": "{id}" } }"#)
        let file = scratchDirectory("crlf") + ".json"
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try profile.write(toFile: file, atomically: true, encoding: .utf8)
        let out = scratchDirectory("crlf-out")
        let run = runAgainst(server, ["--profile", file, "--jobs", "5", "--cancel-mix", "none=1"], out: out)
        #expect(run.code == 3, "\(run.text)")
        #expect(run.text.contains("requests were not sent: the target's job id would have put a control character"), "\(run.text)")
        #expect(!server.seen.contains { $0.headers.contains { $0.lowercased().hasPrefix("x-evil") } }, "a header was injected")
        #expect(try readLines(out + "/jobs.csv").filter { $0.contains(",unsendable,") }.count == 5)
    }
}

extension HostileTargetTests {
    /// The summary and the report tell what happened, not what was planned: no cancel was sent (every read
    /// failed, so no queued cancel fired), and a run that judged too little is indeterminate in report.html.
    @Test func theSummaryAndReportSayWhatHappened() throws {
        let server = try HostileServer { r, _ in r.method == "POST" ? Hostility.created : .respond(404, "{}") }
        defer { server.stop() }
        let out = scratchDirectory("said")
        let run = runAgainst(server, ["--jobs", "5", "--cancel-mix", "queued=1", "--job-timeout", "300ms"], out: out)
        #expect(run.code == 3)
        #expect(run.text.contains("cancelled:   0 jobs got a cancel (0.0%)"), "\(run.text)")
        #expect(run.text.contains("judged:      0 of 5 accepted jobs read to a terminal state (minimum 100%)"), "\(run.text)")
        #expect(!run.text.contains("stopped early"), "it ran to its end; it judged too little")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains(">INDETERMINATE<") && html.contains("Judged too little: 0 of 5 jobs were ever read"))
    }
}
