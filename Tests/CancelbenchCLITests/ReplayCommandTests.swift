import Foundation
import LoadModel
import Testing
@testable import CancelbenchCLI
import Harness

@Suite struct ReplayCommandTests {
    static let fast = ["--queue-delay", "20ms..60ms", "--run-time", "40ms..120ms", "--poll-interval", "10ms", "--quiet"]

    func column(_ dir: String, _ index: Int) throws -> [String] {
        try readLines(dir + "/jobs.csv").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .sorted { Int($0[1])! < Int($1[1])! }.map { String($0[index]) }
    }

    @Test func wholeReplayPlansTheSameCancelPoints() throws {
        let original = scratchDirectory("replay-orig"), again = scratchDirectory("replay-again")
        #expect(CancelbenchCLI.main(["run", "--profile", "beatra", "--jobs", "120", "--seed", "31", "--out", original] + Self.fast) == 0)
        #expect(CancelbenchCLI.main(["replay", original, "--out", again, "--quiet"]) == 0)
        #expect(try column(original, 3) == column(again, 3))
        // The same plan but for its identity and where it writes.
        let a = try ResultsFolder(original).plan, b = try ResultsFolder(again).plan
        #expect(a.seed == b.seed && a.mix == b.mix && a.settings == b.settings && a.model == b.model && a.embedded == b.embedded)
        #expect(a.profileBytes == b.profileBytes && a.jobs == b.jobs && a.runId != b.runId && b.outputs.directory == again)
    }

    @Test func violationEvidenceReplaysTheJob() throws {
        let out = scratchDirectory("replay-bug")
        let code = CancelbenchCLI.main(["run", "--profile", "praison", "--jobs", "150", "--seed", "5", "--fault", "cancel-completed-200=0.2",
                                        "--cancel-mix", "after-terminal=1", "--out", out] + Self.fast)
        #expect(code == 1)
        let violation = try JSONParser.parse(try #require(readLines(out + "/violations.jsonl").first))
        let replay = try #require(violation["replay"]?.stringValue)
        let job = try #require(violation["job"]?.numericValue.map { String(Int($0)) })
        #expect(replay == "cancelbench replay \(out) --job \(job)")
        let again = scratchDirectory("replay-bug-again")
        #expect(CancelbenchCLI.main(["replay", out, "--job", job, "--repeat", "60", "--out", again, "--quiet"]) == 1)
        let points = Set(try column(again, 3))
        #expect(points == ["after-terminal"])
        #expect(try column(again, 1).allSatisfy { $0 == job })
    }

    @Test(arguments: [
        // Not a results folder.
        ["replay", "/nonexistent-cancelbench"],
        // No folder at all.
        ["replay"],
        // --repeat without --job.
        ["replay", "--repeat", "3", "/nonexistent-cancelbench"],
    ])
    func badReplaysAreUsageErrors(arguments: [String]) {
        #expect(CancelbenchCLI.main(arguments + ["--quiet"]) == 64)
    }
}
