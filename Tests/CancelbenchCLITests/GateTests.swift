import Foundation
import LoadModel
import Reports
import Testing
@testable import CancelbenchCLI

/// The CI gate as a pipeline sees it: exit codes, the JUnit file, baseline comparisons and their refusals.
@Suite struct GateTests {
    static let fast = ["--queue-delay", "20ms..60ms", "--run-time", "40ms..120ms", "--quiet"]

    func run(_ extra: [String], jobs: Int = 200, out: String = scratchDirectory("gate")) -> (Int32, String) {
        (CancelbenchCLI.main(["run", "--seed", "4", "--jobs", String(jobs), "--out", out] + Self.fast + extra), out)
    }

    func summary(_ out: String) throws -> JSONValue {
        try JSONParser.parse(Array(try #require(FileManager.default.contents(atPath: out + "/summary.json"))))
    }

    @Test func thresholdThatCannotHoldExits2WithTheMarginInSummary() throws {
        let (code, out) = run(["--threshold", "status.p(99)<1us", "--threshold", "violations==0"])
        #expect(code == 2)
        let summary = try summary(out)
        #expect(summary["exit_code"] == .number(2))
        guard case .array(let results)? = summary["thresholds"] else { Issue.record("no thresholds in summary.json"); return }
        #expect(results.count == 2)
        #expect(results.contains { $0["result"] == .string("fail") && $0["margin"]?.numericValue ?? 0 < 0 })
    }

    @Test func saneThresholdsPass() {
        #expect(run(["--threshold", "cancel.p(99)<5s", "--threshold", "violations==0", "--threshold", "error_rate<1%"]).0 == 0)
    }

    @Test func plantedFaultExits1EvenWithPassingThresholds() {
        #expect(run(["--profile", "praison", "--fault", "resurrect=0.2", "--threshold", "cancel.p(99)<5s"]).0 == 1)
    }

    @Test func abortOnFailStopsAtTheFirstViolation() throws {
        let (code, out) = run(["--profile", "beatra", "--fault", "double-refund=0.3", "--threshold", "violations==0", "--abort-on-fail"],
                              jobs: 20000)
        #expect(code == 1)
        let summary = try summary(out)
        #expect(summary["stop_reason"]?.stringValue?.contains("can no longer pass") == true)
        #expect((summary["jobs"]?.numericValue ?? 20000) < 20000)
    }

    @Test func junitFileIsWellFormedAndNamesEveryCase() throws {
        let junit = NSTemporaryDirectory() + "cb-junit-\(UUID().uuidString).xml"
        #expect(run(["--threshold", "status.p(99)<1us", "--junit", junit]).0 == 2)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("name=\"1 terminal-stays-terminal\""))
        #expect(xml.contains("classname=\"cancelbench.thresholds\" name=\"status.p(99)&lt;1us\""))
        #expect(xml.contains("<failure"))
        let xmllint = ["/usr/bin/xmllint", "/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let xmllint {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: xmllint)
            p.arguments = ["--noout", junit]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "xmllint --noout")
        }
    }

    @Test func summaryMarkdownStatesTheVerdictTheTablesAndTheMargins() throws {
        let markdown = NSTemporaryDirectory() + "cb-summary-\(UUID().uuidString).md"
        let (code, out) = run(["--threshold", "status.p(99)<1us", "--threshold", "violations==0", "--summary-markdown", markdown])
        #expect(code == 2)
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        let summary = try Summary.read(resultsDirectory: out)
        #expect(text.contains("## cancelbench \(summary.runId): GATE FAILED"))
        #expect(text.contains(summary.verdictLine))
        #expect(text.contains("| op | count | 2xx | 4xx | errors | error% | p50 | p99 | max |"))
        #expect(text.contains("| 1 | terminal-stays-terminal | pass |"))
        #expect(text.contains("### Thresholds: 1 of 2 failed"))
        #expect(text.contains("| status.p(99)\\<1us |"), "the threshold, with its margin")
    }

    @Test(arguments: [
        // Unknown metric, named.
        ["--threshold", "cancel.p99<300ms"],
        // Unknown scope.
        ["--threshold", "delete.p(99)<300ms"],
        // Latency without a unit.
        ["--threshold", "p(99)<300"],
        // --abort-on-fail alone.
        ["--abort-on-fail"],
        // A baseline folder that is not one.
        ["--baseline", "/nonexistent-cancelbench"],
        // --max-regression without a baseline.
        ["--max-regression", "5%"],
    ])
    func gateUsageErrorsExit64(extra: [String]) {
        #expect(run(extra).0 == 64)
    }

    @Test func baselineComparisonAndItsRefusal() throws {
        let (baseCode, base) = run([])
        #expect(baseCode == 0)
        // Same plan, an absurd margin: no regression.
        #expect(run(["--baseline", base, "--max-regression", "10000%"]).0 == 0)
        // A target 10× slower regresses.
        #expect(run(["--baseline", base, "--fault", "slow=1", "--metric", "p(50)", "--max-regression", "50%"]).0 == 2)
        // Another load model is refused before running.
        #expect(run(["--baseline", base, "--concurrency", "8"]).0 == 64)
        let other = scratchDirectory("gate-other")
        #expect(CancelbenchCLI.main(["run", "--seed", "4", "--jobs", "200", "--concurrency", "8", "--out", other] + Self.fast) == 0)
        #expect(CancelbenchCLI.main(["compare", base, other, "--quiet"]) == 64)
        #expect(CancelbenchCLI.main(["compare", base, other, "--force", "--max-regression", "10000%", "--quiet"]) == 0)
    }
}

extension GateTests {
    /// The example thresholds the CI workflow uses must stay valid as the grammar evolves.
    @Test func exampleThresholdsFileParses() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ci/thresholds.txt").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try ThresholdFile.parse(text, file: path).count == 8)
    }
}
