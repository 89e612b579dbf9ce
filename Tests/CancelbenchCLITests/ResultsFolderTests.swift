import Foundation
import Harness
import Reports
import Testing
@testable import CancelbenchCLI

/// A results folder is self-describing: check, replay, report and compare read it alone.
@Suite struct ResultsFolderTests {
    static let fast = ["--queue-delay", "20ms..60ms", "--run-time", "40ms..120ms", "--poll-interval", "10ms", "--quiet"]

    /// The profile file the run used, then deleted: check and replay still work from the folder alone.
    @Test func aDeletedProfileChangesNothing() throws {
        let dir = scratchDirectory("own-profile")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let original = try #require(FileManager.default.contents(atPath: PlanFixturePaths.profiles + "/beatra.json"))
        let mine = dir + "/mine.json"
        try original.write(to: URL(fileURLWithPath: mine))
        let out = dir + "/run"
        #expect(CancelbenchCLI.main(["run", "--profile", mine, "--jobs", "40", "--seed", "4", "--out", out] + Self.fast) == 0)
        try FileManager.default.removeItem(atPath: mine)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/profile.json")) == original)
        let check = ConsoleCapture()
        #expect(CancelbenchCLI.main(["check", out], capture: check) == 0, "\(check.err)")
        #expect(check.out.contains("check: PASS"))
        #expect(CancelbenchCLI.main(["replay", out, "--out", dir + "/again", "--quiet"]) == 0)
        #expect(CancelbenchCLI.main(["report", out, "--quiet"]) == 0)
    }

    /// An edited profile file is not read either: the folder's copy judges the run.
    @Test func anEditedProfileIsNotRead() throws {
        let dir = scratchDirectory("edited-profile")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let mine = dir + "/mine.json"
        try FileManager.default.copyItem(atPath: PlanFixturePaths.profiles + "/pika.json", toPath: mine)
        let out = dir + "/run"
        #expect(CancelbenchCLI.main(["run", "--profile", mine, "--jobs", "30", "--seed", "4", "--out", out] + Self.fast) == 0)
        try "{ not a profile".write(toFile: mine, atomically: true, encoding: .utf8)
        #expect(CancelbenchCLI.main(["check", out, "--quiet"]) == 0)
    }

    @Test func comparingARunWithItselfShowsNoChange() throws {
        let out = scratchDirectory("compare-self")
        #expect(CancelbenchCLI.main(["run", "--jobs", "30", "--seed", "8", "--out", out] + Self.fast) == 0)
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(["compare", out, out, "--max-regression", "0%"], capture: capture) == 0)
        let rows = capture.out.split(separator: "\n").filter { $0.hasSuffix(" ok") || $0.hasSuffix("REGRESSION") }
        #expect(rows.count == 9, "\(capture.out)")
        #expect(rows.allSatisfy { $0.contains("+0.0%") && $0.hasSuffix(" ok") }, "\(capture.out)")
        #expect(capture.out.contains("compare: no regression beyond 0% → exit 0"))
    }

    /// A folder written before plan.json existed: every reader names its format and exits 65.
    @Test(arguments: [["check"], ["replay"], ["report"], ["compare", "SELF"]])
    func anOlderFolderIsADataError(command: [String]) throws {
        let dir = scratchDirectory("older")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"run_id":"x","profile":"pika","arguments":["run","--seed","1"],"exit_code":0}"#
            .write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        for file in ["requests.csv", "jobs.csv", "history.jsonl"] { try "".write(toFile: dir + "/" + file, atomically: true, encoding: .utf8) }
        let capture = ConsoleCapture()
        let argv = command.map { $0 == "SELF" ? dir : $0 }
        #expect(CancelbenchCLI.main([argv[0], dir] + argv.dropFirst(), capture: capture) == 65)
        #expect(capture.err.contains("\(dir)/summary.json: $.format: the results folder is format 1"), "\(capture.err)")
    }
}

/// Where the checkout's shipped profiles are.
enum PlanFixturePaths {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path
}
