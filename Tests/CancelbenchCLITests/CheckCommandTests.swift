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

    /// A history with nothing in it judged nothing: indeterminate, never a pass.
    @Test func emptyHistoryIsIndeterminate() throws {
        let out = scratchDirectory("check-empty")
        #expect(CancelbenchCLI.main(["run", "--jobs", "5", "--out", out] + Self.fast) == 0)
        try Data().write(to: URL(fileURLWithPath: out + "/history.jsonl"))
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(["check", out], capture: capture) == 3)
        #expect(capture.out.contains("check: INDETERMINATE: \(out)/history.jsonl holds no job → exit 3"), "\(capture.out)")
    }
}

import Reports

extension CheckCommandTests {
    @Test(arguments: ["pika", "beatra", "praison"])
    func scannerReadsEveryRecordedLineAsTheParserDoes(profile: String) throws {
        let out = scratchDirectory("scan-\(profile)")
        let faults = profile == "beatra" ? ["--fault", "double-refund=0.1", "--fault", "error-5xx=0.05"] : ["--fault", "stale-read=0.05", "--fault", "error-5xx=0.05"]
        _ = CancelbenchCLI.main(["run", "--profile", profile, "--jobs", "200", "--seed", "6", "--out", out] + Self.fast + faults)
        let p = try ProfileLoader.load(profile).profile
        var lines = 0
        try LineReader(path: out + "/history.jsonl").forEachLine { bytes, line in
            let parsed = try #require(HistoryLine.parse(try JSONParser.parse(bytes), profile: p))
            let scanned = try #require(HistoryScanner.scan(bytes, profile: p))
            let a = parsed.op, b = scanned.op
            #expect(parsed.job == scanned.job && parsed.jobId == scanned.jobId && parsed.end == scanned.end, "line \(line)")
            #expect(a.seq == b.seq && a.kind == b.kind && a.idUse == b.idUse && a.requestedId == b.requestedId, "line \(line)")
            #expect(a.invoke == b.invoke && a.complete == b.complete && a.httpStatus == b.httpStatus && a.outcome == b.outcome, "line \(line)")
            #expect(a.transportError == b.transportError && a.observation == b.observation && a.errorBody == b.errorBody, "line \(line)")
            #expect(a.idempotencyKey == b.idempotencyKey && a.payload == b.payload && a.bodyHash == b.bodyHash && a.returnedId == b.returnedId, "line \(line)")
            lines += 1
        }
        #expect(lines > 1000)
    }
}
