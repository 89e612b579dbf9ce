import Foundation
import Testing
@testable import Reports

/// The Markdown summary states the same facts as the terminal's text summary, and target text cannot break it.
struct SummaryMarkdownTests {
    /// The fixture's summary with every operation kind, a threshold of each result, a nemesis and a note.
    static var summary: Summary {
        var s = ResultsFixture.summaryValue
        func op(_ count: Int, ok: Int, fail: Int, errors: Int, p50: Int64, p99: Int64, max: Int64) -> Summary.OperationSummary {
            let p = Summary.Percentiles(p50: p50, p90: p99, p99: p99, p999: max, max: max, mean: p50)
            return .init(count: count, ok: ok, fail: fail, errors: errors, transportErrors: 0, deliberateTimeouts: 0, redirects: 0,
                         errorRate: Double(errors) / Double(count), outOfRange: 0, latency: p, uncorrected: p)
        }
        s.operations = [
            "submit": op(3, ok: 3, fail: 0, errors: 0, p50: 812_000, p99: 1_240_000, max: 3_500_000_000),
            "status": op(1200, ok: 1190, fail: 7, errors: 3, p50: 950, p99: 22_400_000, max: 731_000_000),
            "cancel": op(2, ok: 1, fail: 1, errors: 0, p50: 5_000_000, p99: 5_000_000, max: 5_000_000),
        ]
        s.thresholds = [
            .init(threshold: "cancel.p(99)<250ms", observed: 5, limit: 250, unit: "ms", margin: 245, passed: true, result: "pass", note: nil),
            .init(threshold: "error_rate<0.1%", observed: 0.25, limit: 0.1, unit: "%", margin: -0.15, passed: false, result: "fail", note: nil),
            .init(threshold: "cancel[claim].p(99)<1s", observed: nil, limit: 1, unit: "s", margin: nil, passed: false, result: "no data",
                  note: "no data: no latency recorded for cancel at claim"),
        ]
        s.nemesis = NemesisSummary(windows: [], recoveryTimeoutNs: 5_000_000_000)
        s.notes = ["the target answered 3 status reads with 5xx"]
        return s
    }

    /// The rows of one table of the text summary: the lines after the line starting with `title` up to the next
    /// blank line, cut into cells where columns are padded apart (two spaces or more).
    static func textTable(_ text: String, after title: String) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(title) }) else { return [] }
        return lines[(start + 1)...].prefix { !$0.isEmpty }.map { line in
            line.trimmingCharacters(in: .whitespaces).split(separator: "  ", omittingEmptySubsequences: true)
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test(arguments: [
        // Operations: header, then submit, status and cancel with count, 2xx, 4xx, errors, error%, p50, p99, max.
        "operations (",
        // Invariants: number, name, verdict (n/a when not exercised) and detail.
        "invariants:",
    ])
    func everyRowOfTheTextTableIsARowOfTheMarkdown(table: String) {
        let s = Self.summary
        let rows = Self.textTable(s.text(resultsDirectory: "/tmp/r"), after: table)
        #expect(rows.count > 1, "the text has the table")
        let markdown = s.markdown(resultsDirectory: "/tmp/r")
        for (i, row) in rows.enumerated() {
            // The invariants table's header is the text's only header-less table; its rows are all data.
            if i == 0 && table.hasPrefix("operations") {
                #expect(markdown.contains("| " + row.joined(separator: " | ") + " |"), "header \(row)")
                continue
            }
            #expect(markdown.contains("| " + row.map(Summary.markdownEscaped).joined(separator: " | ") + " |"), "row \(row)")
        }
    }

    @Test func verdictThresholdsNemesisAndNotesAreStated() {
        let s = Self.summary
        let markdown = s.markdown(resultsDirectory: "/tmp/r")
        #expect(markdown.contains("## cancelbench fixture-1: FAIL"))
        #expect(markdown.contains("**verdict: FAIL: 1 violations → exit 1**"))
        #expect(markdown.contains("### Thresholds: 2 of 3 failed"))
        #expect(markdown.contains("| cancel.p(99)<250ms | 5ms | 250ms | +245ms | pass |".replacingOccurrences(of: "<", with: "\\<")))
        #expect(markdown.contains("| error\\_rate\\<0.1% | 0.25% | 0.1% | -0.15% | FAIL |"))
        #expect(markdown.contains("| no data | 1s | - | FAIL (no data: no latency recorded for cancel at claim) |"))
        #expect(markdown.contains(Summary.markdownEscaped(s.nemesis!.line)))
        #expect(markdown.contains("- note: the target answered 3 status reads with 5xx"))
        #expect(markdown.contains("`/tmp/r/`"))
    }

    @Test(arguments: [
        // A pipe would end the cell early and shift every column after it.
        ("refund|twice", "refund\\|twice"),
        // Markup the target sends stays text.
        ("<img src=x>", "\\<img src=x\\>"),
        // Emphasis, code and links stay literal.
        ("*a* _b_ `c` [d](e)", "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e)"),
        // A line break would end the table row.
        ("line\nbreak", "line break"),
    ])
    func targetTextCannotBreakATable(raw: String, escaped: String) {
        var s = Self.summary
        s.invariants[0].name = raw
        s.notes = [raw]
        let markdown = s.markdown(resultsDirectory: "/tmp/r")
        #expect(markdown.contains("| 1 | \(escaped) | pass | 3 jobs checked |"))
        #expect(markdown.contains("- note: " + escaped))
    }

    @Test func aTargetWithBackticksStaysOneCodeSpan() {
        #expect(Summary.markdownCode("a`b") == "``a`b``")
        #expect(Summary.markdownCode("`x") == "`` `x ``")
    }
}
