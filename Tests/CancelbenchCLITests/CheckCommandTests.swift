import Foundation
import LoadModel
import Testing
@testable import CancelbenchCLI

/// `cancelbench check` judges a recorded history.jsonl again and must agree with the run that recorded it.
@Suite struct CheckCommandTests {
    static let fast = ["--queue-delay", "20ms..60ms", "--run-time", "40ms..120ms", "--quiet"]

    @Test(arguments: [
        // A clean run: nothing to find.
        ("pika", [String]()),
        // Planted bugs across billing, keys and duplicates.
        ("beatra", ["--fault", "double-refund=0.1", "--fault", "idempotency-replay-executes=0.1", "--fault", "non-idempotent-cancel=0.1"]),
        // An acknowledged cancel that is lost, and reads from the past.
        ("praison", ["--fault", "lost-cancel=0.05", "--fault", "stale-read=0.05"]),
    ])
    func offlineCheckAgreesWithTheRun(profile: String, faults: [String]) throws {
        let out = scratchDirectory("check-\(profile)")
        let code = CancelbenchCLI.main(["run", "--profile", profile, "--jobs", "250", "--seed", "8", "--out", out] + Self.fast + faults)
        let summary = try JSONParser.parse(Array(try #require(FileManager.default.contents(atPath: out + "/summary.json"))))
        // Callbacks (invariant 11) are not in the history; compare the other violations.
        let callbackViolations = (try readLines(out + "/violations.jsonl")).filter { $0.contains("\"invariant\":11") }.count
        let recorded = Int(summary["violations"]?.numericValue ?? -1) - callbackViolations
        let checked = CancelbenchCLI.main(["check", out, "--quiet"])
        #expect(checked == (recorded > 0 ? 1 : 0))
        #expect(code == (recorded + callbackViolations > 0 ? 1 : 0))
    }

    @Test func malformedHistoryExits65() throws {
        let out = scratchDirectory("check-bad")
        #expect(CancelbenchCLI.main(["run", "--jobs", "20", "--out", out] + Self.fast) == 0)
        let handle = try #require(FileHandle(forWritingAtPath: out + "/history.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("{not json\n".utf8))
        try handle.close()
        #expect(CancelbenchCLI.main(["check", out, "--quiet"]) == 65)
        #expect(CancelbenchCLI.main(["check", "/nonexistent-cancelbench", "--quiet"]) == 64)
    }
}
