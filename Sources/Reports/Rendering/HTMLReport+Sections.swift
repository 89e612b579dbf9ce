import LoadModel

/// The report's header and tables: escaped text in, HTML out.
extension HTMLReport {
    func headerSection() -> String {
        let s = summary
        let verdictClass = s.exitCode == 0 ? "pass" : s.exitCode == 1 ? "fail" : "other"
        var h = "<header>\n<h1>cancelbench report <span class=\"verdict \(verdictClass)\">\(HTMLText.escape(s.verdictWord))</span></h1>\n<dl class=\"facts\">\n"
        let facts: [(String, String?)] = [
            ("run id", s.runId), ("profile", s.profile), ("target", s.target), ("load model", s.loadModelText),
            ("seed", String(s.seed)), ("elapsed", tickLabel((s.elapsedSeconds * 100).rounded() / 100) + " s"),
            ("exit code", String(s.exitCode)), ("verdict", s.verdictWord),
            ("jobs", String(s.jobs)), ("exchanges", String(s.exchanges)),
            ("violations", String(s.violations)),
        ]
        for (k, v) in facts { h += "<div><dt>\(k)</dt><dd>\(HTMLText.escape(v ?? "—"))</dd></div>\n" }
        h += "</dl>\n"
        if let reason = s.stopReason { h += "<p class=\"warn\">Stopped early: \(HTMLText.escape(reason))</p>\n" }
        for why in s.coverage.shortfalls { h += "<p class=\"warn\">Judged too little: \(HTMLText.escape(why))</p>\n" }
        h += "<p class=\"command\">Replay: <code>\(HTMLText.escape(s.command))</code></p>\n"
        return h + "</header>\n"
    }

    func latencyTable() -> String {
        let ps: [(String, Double)] = [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9)]
        var t = "<table>\n<thead><tr><th>op</th><th class=\"n\">count</th><th>latency</th>"
        t += ps.map { "<th class=\"n\">\($0.0)</th>" }.joined() + "<th class=\"n\">max</th><th class=\"n\">mean</th></tr></thead>\n<tbody>\n"
        for (i, kind) in OperationKind.allCases.enumerated() where requests.corrected[i].totalCount > 0 {
            for (view, h) in [("corrected", requests.corrected[i]), ("uncorrected", requests.uncorrected[i])] {
                let head = view == "corrected"
                    ? "<td rowspan=\"2\"><span class=\"dot\" style=\"background:\(SpectrumChart.colors[i])\"></span>\(kind.rawValue)</td><td class=\"n\" rowspan=\"2\">\(h.totalCount)</td>" : ""
                t += "<tr>\(head)<td class=\"view\">\(view)</td>" + ps.map { "<td class=\"n\">\(ns(h.value(atPercentile: $0.1)))</td>" }.joined()
                t += "<td class=\"n\">\(ns(h.maxValue))</td><td class=\"n\">\(ns(Int64(h.mean)))</td></tr>\n"
            }
        }
        if requests.exchanges == 0 { t += "<tr><td colspan=\"9\">no exchanges recorded</td></tr>\n" }
        return t + "</tbody>\n</table>\n"
    }

    func invariantsTable() -> String {
        var t = "<table>\n<thead><tr><th>#</th><th>invariant</th><th>verdict</th><th class=\"n\">jobs checked</th><th class=\"n\">unknown</th>"
        t += "<th class=\"n\">failed jobs</th><th class=\"n\">violations</th></tr></thead>\n<tbody>\n"
        for row in summary.invariants {
            let verdict = row.verdict ?? "n/a"
            let cls = ["pass", "fail", "unknown"].contains(verdict) ? verdict : "na"
            t += "<tr><td>\(row.invariant)</td><td>\(HTMLText.escape(row.name))</td>"
            t += "<td><span class=\"badge \(cls)\">\(HTMLText.escape(verdict))</span></td>"
            t += "<td class=\"n\">\(row.jobs)</td><td class=\"n\">\(row.unknown)</td><td class=\"n\">\(row.fail)</td>"
            t += "<td class=\"n\">\(violations.perInvariant[row.invariant] ?? 0)</td></tr>\n"
        }
        if summary.invariants.isEmpty { t += "<tr><td colspan=\"7\">summary.json lists no invariants</td></tr>\n" }
        return t + "</tbody>\n</table>\n"
    }

    func violationsList() -> String {
        guard violations.total > 0 else { return "<p class=\"ok\">No violations: every checked invariant held.</p>\n" }
        var out = "<p>\(violations.total) violation\(violations.total == 1 ? "" : "s") in violations.jsonl"
        out += violations.total > violations.shown.count ? "; the first \(violations.shown.count) are shown.</p>\n" : ".</p>\n"
        for v in violations.shown {
            let job = v.job.map { "job \($0)" } ?? "the run"
            let id = v.jobId.map { " (\(HTMLText.escape($0)))" } ?? ""
            out += "<article class=\"violation\">\n<h3><span class=\"badge fail\">\(v.invariant)</span> "
            out += "\(HTMLText.escape(v.name)) — \(job)\(id)</h3>\n<p>\(HTMLText.escape(v.message))</p>\n"
            out += evidenceTable(v.evidence)
            if let replay = v.replay { out += "<p class=\"command\">Replay: <code>\(HTMLText.escape(replay))</code></p>\n" }
            out += "</article>\n"
        }
        let rest = violations.total - violations.shown.count
        if rest > 0 { out += "<p class=\"more\">… and \(rest) more not shown: see violations.jsonl.</p>\n" }
        return out
    }

    func evidenceTable(_ evidence: [ViolationsDigest.Evidence]) -> String {
        guard !evidence.isEmpty else { return "" }
        var t = "<table class=\"evidence\">\n<thead><tr><th class=\"n\">seq</th><th>request</th><th>status</th><th>api status</th>"
        t += "<th class=\"n\">invoked (ms)</th><th class=\"n\">completed (ms)</th></tr></thead>\n<tbody>\n"
        for e in evidence {
            let status = e.status.map { $0 == 0 ? (e.error ?? "no answer") : String($0) } ?? "—"
            t += "<tr><td class=\"n\">\(e.seq.map(String.init) ?? "—")</td><td><code>\(HTMLText.escape(e.request))</code></td>"
            t += "<td>\(HTMLText.escape(status))</td><td>\(HTMLText.escape(e.apiStatus ?? "—"))</td>"
            t += "<td class=\"n\">\(e.invoke.map(ms) ?? "—")</td><td class=\"n\">\(e.complete.map(ms) ?? "—")</td></tr>\n"
        }
        return t + "</tbody>\n</table>\n"
    }

    /// Nanoseconds since the run started as milliseconds with three decimals (microsecond resolution).
    func ms(_ v: Int64) -> String {
        let us = (v + 500) / 1_000
        let frac = String(abs(us % 1_000))
        return "\(us / 1_000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }
}
