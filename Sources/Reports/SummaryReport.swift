import LoadModel

/// The run's summary: a text table for the terminal and summary.json for tools, from the same numbers.
public struct SummaryReport: Sendable {
    public var run: RunDescription
    public var tally: RunTally
    /// The invariants the checker judged, in order.
    public var invariants: [Invariant]
    /// The exit code the run ends with, and its meaning.
    public var exitCode: Int32
    public var verdictLine: String
    /// More top-level summary.json members, as (key, JSON text): the CI gate's thresholds.
    public var extra: [(key: String, json: String)] = []
    /// What the run judged against its minimums (`Coverage.line`), shown under the job counts.
    public var judged: String?
    /// Lines shown just before the verdict: why the run judged too little, what the harness gave up on.
    public var notes: [String] = []

    public init(run: RunDescription, tally: RunTally, invariants: [Invariant], exitCode: Int32, verdictLine: String) {
        self.run = run
        self.tally = tally
        self.invariants = invariants
        self.exitCode = exitCode
        self.verdictLine = verdictLine
    }

    static let states = ["queued", "running", "succeeded", "failed", "cancelled"]

    /// The summary as the terminal shows it.
    public var text: String {
        var out: [String] = []
        let model = run.model == "closed" ? "closed model, concurrency \(run.concurrency ?? 0)"
            : "open model, \(JSONText.number(run.rate ?? 0)) jobs/s \(run.arrival ?? "")"
        out.append("cancelbench run \(run.runId): profile \(run.profile), target \(run.target)")
        out.append("\(model), \(run.jobsRequested) jobs, seed \(run.seed), \(run.connections) connections max")
        if let reason = run.stopReason { out.append("stopped early: \(reason)") }
        out.append("")
        let secs = max(run.elapsedSeconds, 1e-9)
        out.append("jobs: \(tally.jobs) ended in \(fixed(run.elapsedSeconds, 1)) s (\(fixed(Double(tally.jobs) / secs, 1)) jobs/s); "
            + "\(tally.exchanges) exchanges (\(fixed(Double(tally.exchanges) / secs, 0))/s); \(tally.connectionsOpened) connections opened")
        let ends = JobEnd.allEnds.compactMap { e in tally.jobsByEnd[e].map { "\(e.rawValue) \($0)" } }
        out.append("  ended:       " + ends.joined(separator: ", "))
        let finals = (Self.states + ["none"]).compactMap { s in tally.jobsByFinalState[s].map { "\(s) \($0)" } }
        out.append("  final state: " + finals.joined(separator: ", "))
        out.append("  cancelled:   \(tally.cancelledJobs) jobs got a cancel (\(percent(Double(tally.cancelledJobs) / Double(max(tally.jobs, 1)))))")
        if let judged { out.append("  judged:      " + judged) }
        out.append("")
        out.append("cancels by planned point (state seen when the cancel went out → final state):")
        var table = [["point", "jobs", "seen: queued", "running", "terminal", "unseen", "final: succeeded", "failed", "cancelled", "none"]]
        for point in CancelPoint.allCases {
            guard let p = tally.byPoint[point] else { continue }
            let seen = point.cancelsJob
            let terminalSeen = ["succeeded", "failed", "cancelled"].reduce(0) { $0 + (p.stateAtCancel[$1] ?? 0) }
            table.append([point.rawValue, String(p.jobs),
                          seen ? String(p.stateAtCancel["queued"] ?? 0) : "-", seen ? String(p.stateAtCancel["running"] ?? 0) : "-",
                          seen ? String(terminalSeen) : "-", seen ? String(p.stateAtCancel["unseen"] ?? 0) : "-",
                          String(p.finalState["succeeded"] ?? 0), String(p.finalState["failed"] ?? 0),
                          String(p.finalState["cancelled"] ?? 0), String(p.finalState["none"] ?? 0)])
        }
        out.append(contentsOf: align(table).map { "  " + $0 })
        out.append("")
        out.append("operations (latency from intended start; errors = 5xx or no answer):")
        var ops = [["op", "count", "2xx", "4xx", "errors", "error%", "p50", "p99", "max"]]
        for kind in OperationKind.allCases {
            guard let s = tally.operations[kind] else { continue }
            ops.append([kind.rawValue, String(s.count), String(s.ok), String(s.fail), String(s.info), percent(s.errorRate),
                        ns(s.latency.value(atPercentile: 50)), ns(s.latency.value(atPercentile: 99)), ns(s.latency.maxValue)])
        }
        out.append(contentsOf: align(ops).map { "  " + $0 })
        out.append("")
        var byPoint = [["cancel latency by point", "count", "p50", "p99", "max"]]
        for point in CancelPoint.allCases {
            guard let h = tally.cancelLatencyByPoint[point], h.totalCount > 0 else { continue }
            byPoint.append([point.rawValue, String(h.totalCount), ns(h.value(atPercentile: 50)), ns(h.value(atPercentile: 99)), ns(h.maxValue)])
        }
        if byPoint.count > 1 {
            out.append(contentsOf: align(byPoint).map { "  " + $0 })
            out.append("")
        }
        let ct = tally.cancelToTerminal
        if ct.totalCount > 0 {
            out.append("cancel accepted → job seen terminal: p50 \(ns(ct.value(atPercentile: 50))), p99 \(ns(ct.value(atPercentile: 99))), max \(ns(ct.maxValue)) (\(ct.totalCount) jobs)")
        }
        if run.model == "open" {
            let l = tally.startLateness
            out.append("open model: \(tally.lateStarts) of \(l.totalCount) jobs started more than 1 ms late (p99 \(ns(l.value(atPercentile: 99))), max \(ns(l.maxValue))), \(tally.droppedStarts) scheduled starts dropped")
        }
        if ct.totalCount > 0 || run.model == "open" { out.append("") }
        out.append("invariants:")
        var inv: [[String]] = []
        for i in invariants {
            let t = tally.invariants[i] ?? InvariantTally()
            let detail = t.jobs == 0 ? "not exercised" : "\(t.jobs) jobs checked" + (t.unknown > 0 ? ", \(t.unknown) unknown" : "")
                + (t.fail > 0 ? ", \(t.fail) violated" : "")
            inv.append([String(i.rawValue), i.name, t.verdict?.description ?? "n/a", detail])
        }
        out.append(contentsOf: align(inv, left: [0, 1, 2, 3]).map { "  " + $0 })
        out.append("")
        out.append(contentsOf: notes.map { "note: " + $0 })
        out.append(verdictLine)
        out.append("results: \(run.outputDirectory)/")
        return out.joined(separator: "\n")
    }

}

extension JobEnd {
    static let allEnds: [JobEnd] = [.terminal, .submitFailed, .timedOut, .unsendable, .abandoned]
}

/// Pads columns to a common width: `left` columns flush left, the others (numbers) flush right.
public func align(_ rows: [[String]], left: Set<Int> = [0]) -> [String] {
    guard let width = rows.map(\.count).max() else { return [] }
    var widths = Array(repeating: 0, count: width)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    return rows.map { r in
        r.enumerated().map { i, c in
            let pad = String(repeating: " ", count: widths[i] - c.count)
            return left.contains(i) ? c + pad : pad + c
        }.joined(separator: "  ").trimmingTrailingSpaces()
    }
}

extension String {
    /// The string without trailing spaces (table rows).
    public func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (x * scale).rounded() / scale
    return digits == 0 ? String(Int64(v)) : String(v)
}

func percent(_ x: Double) -> String { fixed(x * 100, 2) + "%" }

/// A nanosecond latency for tables: `812µs`, `1.24ms`, `3.5s`.
public func ns(_ v: Int64) -> String {
    let d = Double(v)
    if v < 1_000 { return "\(v)ns" }
    if v < 1_000_000 { return sig3(d / 1e3) + "µs" }
    if v < 1_000_000_000 { return sig3(d / 1e6) + "ms" }
    return sig3(d / 1e9) + "s"
}

func sig3(_ x: Double) -> String {
    if x >= 100 { return String(Int(x.rounded())) }
    if x >= 10 { return String((x * 10).rounded() / 10) }
    return String((x * 100).rounded() / 100)
}
