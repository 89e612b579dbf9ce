import Foundation
import HTTPServer
import LoadModel
import Testing
@testable import CancelbenchCLI

/// The harness must fail a server that breaks its contract: here a hand-written PraisonAI look-alike that
/// answers 200 "cancelled" to a cancel of a completed run and then keeps showing it succeeded.
@Suite(.serialized) struct CheckerCatchesBugsTests {
    @Test func cancelOfCompletedRunAnswered200IsReported() throws {
        let server = HTTPServer(handler: { request in
            let path = String(request.path)
            if request.method == "POST", path == "/api/v1/runs" {
                return .respond(.json(202, "{\"job_id\":\"run_1\",\"status\":\"queued\"}"))
            }
            if request.method == "POST", path.hasSuffix("/cancel") {
                return .respond(.json(200, "{\"job_id\":\"run_1\",\"status\":\"cancelled\"}"))
            }
            return .respond(.json(200, "{\"job_id\":\"run_1\",\"status\":\"succeeded\"}"))
        })
        let port = try server.start()
        defer { server.stop() }
        let out = scratchDirectory("bug")
        let code = CancelbenchCLI.main(["run", "--profile", "praison", "--target", "http://127.0.0.1:\(port)", "--jobs", "40",
                                        "--cancel-mix", "after-terminal=1", "--out", out, "--quiet"])
        #expect(code == 1)
        let lines = try readLines(out + "/violations.jsonl")
        #expect(!lines.isEmpty)
        // The 200 breaks invariant 4, and the "cancelled" answer followed by "succeeded" breaks invariant 3.
        let parsed = try lines.map { try JSONParser.parse($0) }
        #expect(Set(parsed.compactMap { $0["invariant"]?.numericValue }) == [3, 4])
        let first = try #require(parsed.first { $0["invariant"] == .number(4) })
        #expect(first["message"]?.stringValue?.contains("the contract says 400") == true)
        guard case .array(let evidence)? = first["evidence"] else { Issue.record("no evidence"); return }
        #expect(evidence.count == 2)
    }
}
