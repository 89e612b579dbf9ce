import Foundation
import Glibc
import Synchronization
import Testing
@testable import CancelbenchCLI

/// Review of profile format 2: a verdict that promises more than the run judged.
@Suite struct ReviewVerdictTests {
    /// An OGC-like server on which no job can ever be read: every GET answers 404 (20 ms late, so the cancel
    /// sent with the first read answers first), a DELETE answers 200 once, then 404. With only after-submit
    /// cancels, every job ends "gone" after its accepted cancel, which the script counts as terminal: the run
    /// says "20 of 20 accepted jobs read to a terminal state" and PASSES with not one read that showed a status.
    /// DESIGN.md: "every read 404 ... ends with exit 3".
    @Test func aTargetOnWhichNoJobIsEverReadNeverPasses() throws {
        let dismissed = Mutex<Set<String>>([])
        let server = try HostileServer { req, _ in
            if req.method == "POST" {
                let id = "j\(UUID().uuidString.prefix(8))"
                return .respondWith(201, ["Location: /jobs/\(id)", "Content-Type: application/json"], #"{"status":"accepted"}"#)
            }
            if req.method == "DELETE" {
                let first = dismissed.withLock { $0.insert(req.target).inserted }
                return first ? .respond(200, #"{"status":"dismissed"}"#) : .respond(404, #"{"type":"no-such-job"}"#)
            }
            usleep(20_000)
            return .respond(404, #"{"type":"no-such-job"}"#)
        }
        defer { server.stop() }
        let path = NSTemporaryDirectory() + "cb-review-\(UUID().uuidString).json"
        try """
        {"format":2,"name":"ogclike","submit":{"method":"POST","path":"/jobs","id":{"header":"Location","pattern":"/jobs/{id}"}},
         "status":{"method":"GET","path":"/jobs/{id}"},"cancel":{"method":"DELETE","path":"/jobs/{id}","semantics":"guaranteed"},
         "fields":{"status":"status"},
         "states":{"accepted":"queued","running":"running","successful":"succeeded","failed":"failed","dismissed":"cancelled"},
         "retention":{"afterCancel":"gone"},
         "contract":{"cancelTerminal":{"status":200},"unknownId":{"status":404}}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = runAgainst(server, ["--profile", path, "--jobs", "20", "--concurrency", "4", "--cancel-mix", "after-submit=1"],
                           out: scratchDirectory("review-never-read"))
        #expect(r.code == 3, "\(r.text.split(separator: "\n").filter { $0.contains("verdict") || $0.contains("judged") })")
    }
}
