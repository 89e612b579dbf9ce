import Foundation
import LoadModel
import Testing
@testable import Reports

@Suite struct HTMLReportTests {
    @Test func reportHasEverySectionAndOneSVGPerChart() throws {
        let f = try ResultsFixture("report-sections")
        try f.write()
        let html = try HTMLReport.load(resultsDirectory: f.directory).render()
        for heading in ["Latency by operation", "Throughput, latency and in-flight over time", "Final state by cancel point",
                        "Invariants", "Violations"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "section \(heading)")
        }
        // Spectrum, timeline, cancel points.
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("99.99%") && html.contains(">90%<"))
        // The header, from summary.json; the seed is exact beyond a double's 53 bits.
        for fact in ["fixture-1", "beatra", "closed, concurrency 8", "18446744073709551615", "2.5 s", ">FAIL<"] {
            #expect(html.contains(fact), "header fact \(fact)")
        }
        #expect(html.contains("<span class=\"badge na\">n/a</span>"), "a null verdict shows as n/a")
        #expect(html.contains("cancelbench replay /tmp/x --job 1"))
        #expect(!html.contains("<script"), "the charts need no script")
        #expect(!html.contains("xmlns"), "no namespace URL: the HTML parser supplies it")
    }

    @Test func userTextIsEscapedEverywhere() throws {
        let f = try ResultsFixture("report-escape")
        try f.write()
        let html = try HTMLReport.load(resultsDirectory: f.directory).render()
        #expect(html.contains("refund &lt;twice&gt; &amp; &quot;more&quot;"))
        #expect(html.contains("(j&lt;1&gt;)"))
        #expect(html.contains("x=&lt;y&gt;"))
        #expect(!html.contains("<twice>") && !html.contains("j<1>") && !html.contains("<y>"))
    }

    @Test func violationsAreCappedWithACountOfTheRest() throws {
        let f = try ResultsFixture("report-cap")
        try f.write(violations: (0..<5).map { ResultsFixture.violation(job: $0, message: "m\($0)") })
        let report = try HTMLReport.load(resultsDirectory: f.directory, violationLimit: 2)
        #expect(report.violations.total == 5 && report.violations.shown.count == 2)
        #expect(report.violations.perInvariant[6] == 5)
        let html = report.render()
        #expect(html.contains("… and 3 more not shown"))
        #expect(html.components(separatedBy: "<article class=\"violation\">").count - 1 == 2)
    }

    @Test func finalStatesAreCountedPerCancelPoint() throws {
        let f = try ResultsFixture("report-jobs")
        try f.write()
        let jobs = try JobsAggregate.read(path: f.directory + "/jobs.csv")
        #expect(jobs.jobs == 3)
        #expect(jobs.points == ["none", "claim"], "in CancelPoint's order")
        #expect(jobs.byPoint["claim"] == [0, 0, 1, 1], "succeeded, failed, cancelled, none")
    }

    @Test func aggregationStreamsManyRows() throws {
        let f = try ResultsFixture("report-many")
        // 30,000 status reads, 1 ms apart, each 1..1000 µs of service time plus 2 ms behind schedule.
        let n = 30_000
        let rows = (0..<n).map { i -> [String] in
            let intended = Int64(i) * 1_000_000, service = Int64(i % 1_000 + 1) * 1_000
            return ResultsFixture.request(seq: i, op: i % 10 == 0 ? "cancel" : "status", intended: intended,
                                          sent: intended + 2_000_000, completed: intended + 2_000_000 + service)
        }
        try f.write(requests: rows)
        let a = try RequestsAggregate.read(path: f.directory + "/requests.csv", bucketWidth: 1_000_000_000)
        #expect(a.exchanges == n)
        #expect(a.corrected[1].totalCount == 27_000 && a.corrected[2].totalCount == 3_000 && a.corrected[0].totalCount == 0)
        let p50 = a.uncorrected[1].value(atPercentile: 50)
        #expect(abs(p50 - 500_000) < 2_000, "uncorrected median ≈ 500 µs, got \(p50)")
        #expect(a.corrected[1].minValue >= 2_000_000, "corrected latency includes the 2 ms behind schedule")
        // 30 s of exchanges in 1 s buckets: about 1,000 completions each, all of them counted once.
        #expect(a.timeline.count == 31)
        #expect(a.timeline.completed.flatMap { $0 }.reduce(0, +) == n)
        #expect(a.timeline.completed[1][10] + a.timeline.completed[2][10] == 1_000)
    }

    @Test func malformedSummaryNamesTheFileAndLine() throws {
        let f = try ResultsFixture("report-bad-summary")
        try f.write(summary: "{\n  \"run_id\": \"x\",\n  \"jobs\": ]\n}")
        #expect {
            try HTMLReport.load(resultsDirectory: f.directory)
        } throws: { error in
            let e = error as? DataError
            return e?.file == f.directory + "/summary.json" && e?.path == "line 3"
        }
    }

    @Test func malformedRequestRowNamesTheLine() throws {
        let f = try ResultsFixture("report-bad-row")
        var rows = [ResultsFixture.request(seq: 1, op: "status", intended: 0, sent: 0, completed: 5)]
        rows.append(ResultsFixture.request(seq: 2, op: "poll", intended: 0, sent: 0, completed: 5))
        try f.write(requests: rows)
        #expect {
            try HTMLReport.load(resultsDirectory: f.directory)
        } throws: { error in
            let e = error as? DataError
            return e?.file == f.directory + "/requests.csv" && e?.path == "line 3" && e?.message.contains("poll") == true
        }
    }

    @Test func emptyRunStillRendersEveryChart() throws {
        let f = try ResultsFixture("report-empty")
        try f.write(requests: [], violations: [])
        let html = try HTMLReport.load(resultsDirectory: f.directory).render()
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("no exchanges recorded"))
        #expect(html.contains("No violations"))
    }
}
