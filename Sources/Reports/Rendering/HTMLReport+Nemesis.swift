import LoadModel

/// The fault windows of a run with a nemesis: one row per window, with the traffic inside it and in the
/// recovery span after it, how soon the API answered again, and the violations found in that time.
extension HTMLReport {
    func nemesisSection() -> String {
        guard let n = summary.nemesis else { return "" }
        let timeout = DurationText.exact(Span(nanoseconds: n.recoveryTimeoutNs))
        var t = "<p class=\"caption\">Each window's fault was put on at <em>start</em> and lifted at <em>end</em> (a restarted target "
            + "was ready at <em>healed</em>). <em>During</em> counts the exchanges completed inside the window, <em>after</em> those "
            + "completed in the \(timeout) that follow it (<code>--recovery-timeout</code>); info answers (no answer, a reset, a "
            + "timeout, a 5xx) are indeterminate and never counted as fail. <em>Recovered</em> is the time from the end to the "
            + "first definite answer to an exchange sent after it (invariant 13). The windows are shaded on the throughput chart; "
            + "the rows are nemesis.csv.</p>\n"
        t += "<table>\n<thead><tr><th>#</th><th>fault</th><th class=\"n\">start</th><th class=\"n\">end</th><th class=\"n\">healed</th>"
        t += "<th class=\"n\">during: ok / fail / info</th><th class=\"n\">p99</th><th class=\"n\">after: ok / fail / info</th>"
        t += "<th class=\"n\">p99</th><th class=\"n\">recovered</th><th>recovery</th><th class=\"n\">violations</th></tr></thead>\n<tbody>\n"
        func s(_ ns: Int64?) -> String { ns.map { String(format: "%.3f s", Double($0) / 1e9) } ?? "—" }
        func counts(_ x: NemesisSummary.Traffic) -> String { "\(x.ok) / \(x.fail) / \(x.info)" }
        for w in n.windows {
            let cls = ["pass", "fail", "unknown"].contains(w.recovery) ? w.recovery : "na"
            t += "<tr><td>\(w.number)</td><td><code>\(HTMLText.escape(w.fault))</code></td><td class=\"n\">\(s(w.startNs))</td>"
            t += "<td class=\"n\">\(s(w.endNs))</td><td class=\"n\">\(s(w.healedNs))</td><td class=\"n\">\(counts(w.during))</td>"
            t += "<td class=\"n\">\(w.during.ok + w.during.fail > 0 ? ns(w.during.p99Ns) : "—")</td><td class=\"n\">\(counts(w.after))</td>"
            t += "<td class=\"n\">\(w.after.ok + w.after.fail > 0 ? ns(w.after.p99Ns) : "—")</td><td class=\"n\">\(s(w.recoveredNs))</td>"
            t += "<td><span class=\"badge \(cls)\">\(HTMLText.escape(w.recovery))</span></td><td class=\"n\">\(w.violations)</td></tr>\n"
            if !w.note.isEmpty { t += "<tr><td></td><td colspan=\"11\" class=\"warn\">\(HTMLText.escape(w.note))</td></tr>\n" }
        }
        if n.windows.isEmpty { t += "<tr><td colspan=\"12\">the run ended before the first window opened</td></tr>\n" }
        return section("nemesis", "Fault windows", t + "</tbody>\n</table>\n")
    }
}
