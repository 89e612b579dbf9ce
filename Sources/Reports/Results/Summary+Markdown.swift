extension Summary {
    /// The summary as GitHub-flavoured Markdown, for a CI job's step summary (`cat FILE >> "$GITHUB_STEP_SUMMARY"`):
    /// the verdict, the operations and invariants tables with the same cells as `text(resultsDirectory:)`, the
    /// thresholds with their margins, the nemesis line and the notes. Text that can come from the target (states,
    /// messages, notes) is escaped, so a `|` cannot break a table and `<b>` cannot become markup.
    public func markdown(resultsDirectory: String) -> String {
        var out = ["## cancelbench \(Self.markdownEscaped(runId)): \(verdictWord)", ""]
        out.append("**" + Self.markdownEscaped(verdictLine) + "**")
        out.append("")
        out.append("profile \(Self.markdownEscaped(profile)), target \(Self.markdownCode(target)), \(Self.markdownEscaped(loadModelText)), "
            + "\(jobsRequested) jobs, seed \(seed); \(jobs) jobs ended in \(fixed(elapsedSeconds, 1)) s, \(exchanges) exchanges")
        if let stopReason { out.append(""); out.append("stopped early: " + Self.markdownEscaped(stopReason)) }
        if let judged { out.append(""); out.append("judged: " + Self.markdownEscaped(judged)) }
        out.append("")
        out.append("### Operations")
        out.append("")
        out.append("Latency from intended start; errors = 5xx or no answer.")
        out.append("")
        out.append(contentsOf: Self.markdownTable(Self.operationColumns, operationRows(), right: Set(1..<Self.operationColumns.count)))
        out.append("")
        out.append("### Invariants")
        out.append("")
        out.append(contentsOf: Self.markdownTable(["#", "invariant", "verdict", "detail"], invariantRows(), right: [0]))
        if let thresholds, !thresholds.isEmpty {
            let failed = thresholds.filter { !$0.passed }.count
            out.append("")
            out.append("### Thresholds: " + (failed == 0 ? "all \(thresholds.count) passed" : "\(failed) of \(thresholds.count) failed"))
            out.append("")
            let rows = thresholds.map { t -> [String] in
                let observed = t.observed.map { ThresholdEvaluation.number($0) + t.unit } ?? "no data"
                let margin = t.margin.map { ($0 > 0 ? "+" : "") + ThresholdEvaluation.number($0) + t.unit } ?? "-"
                let result = t.passed ? "pass" : "FAIL" + (t.note.map { " (\($0))" } ?? "")
                return [t.threshold, observed, ThresholdEvaluation.number(t.limit) + t.unit, margin, result]
            }
            out.append(contentsOf: Self.markdownTable(["threshold", "observed", "limit", "margin", "result"], rows, right: [1, 2, 3]))
        }
        if let nemesis {
            out.append("")
            out.append(Self.markdownEscaped(nemesis.line))
        }
        if !notes.isEmpty {
            out.append("")
            out.append(contentsOf: notes.map { "- note: " + Self.markdownEscaped($0) })
        }
        out.append("")
        out.append("Results: " + Self.markdownCode(resultsDirectory + "/"))
        return out.joined(separator: "\n") + "\n"
    }

    /// A GitHub table: header, alignment row (`right` columns flush right, as the text's numbers are), rows.
    static func markdownTable(_ header: [String], _ rows: [[String]], right: Set<Int>) -> [String] {
        func line(_ cells: [String]) -> String { "| " + cells.map(markdownEscaped).joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { right.contains($0) ? " ---: |" : " --- |" }.joined()
        return [line(header), rule] + rows.map(line)
    }

    /// Text with every character GitHub's Markdown acts on backslash-escaped, and line breaks as spaces, so it
    /// stays one table cell or one line of plain text whatever the target put in it.
    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#", "~", "!", "&", "$":
                out.append("\\"); out.append(c)
            case "\n", "\r", "\t": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }

    /// Text as inline code: a fence longer than any run of backticks inside it, line breaks as spaces.
    static func markdownCode(_ text: String) -> String {
        let flat = String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        var longest = 0, run = 0
        for c in flat { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
}
