import LoadModel

extension Summary {
    static let states = ["queued", "running", "succeeded", "failed", "cancelled"]

    /// The summary as the terminal shows it, ending with the verdict and where the results are.
    public func text(resultsDirectory: String) -> String {
        var out: [String] = []
        let modelText = model == "closed" ? "closed model, concurrency \(concurrency ?? 0)"
            : "open model, \(JSONText.number(rate ?? 0)) jobs/s \(arrival ?? "")"
        out.append("cancelbench run \(runId): profile \(profile), target \(target)")
        out.append("\(modelText), \(jobsRequested) jobs, seed \(seed), \(connectionsMax) connections max")
        if let stopReason { out.append("stopped early: \(stopReason)") }
        out.append("")
        let secs = max(elapsedSeconds, 1e-9)
        out.append("jobs: \(jobs) ended in \(fixed(elapsedSeconds, 1)) s (\(fixed(Double(jobs) / secs, 1)) jobs/s); "
            + "\(exchanges) exchanges (\(fixed(Double(exchanges) / secs, 0))/s); \(connectionsOpened) connections opened")
        let ends = JobEnd.allEnds.compactMap { e in jobsByEnd[e.rawValue].map { "\(e.rawValue) \($0)" } }
        out.append("  ended:       " + ends.joined(separator: ", "))
        let finals = (Self.states + ["none"]).compactMap { s in jobsByFinalState[s].map { "\(s) \($0)" } }
        out.append("  final state: " + finals.joined(separator: ", "))
        out.append("  cancelled:   \(cancelledJobs) jobs got a cancel (\(percent(Double(cancelledJobs) / Double(max(jobs, 1)))))")
        if let judged { out.append("  judged:      " + judged) }
        out.append("")
        out.append("cancels by planned point (state seen when the cancel went out → final state):")
        out.append(contentsOf: align(pointRows()).map { "  " + $0 })
        out.append("")
        out.append("operations (latency from intended start; errors = 5xx or no answer):")
        out.append(contentsOf: align([Self.operationColumns] + operationRows()).map { "  " + $0 })
        out.append("")
        var byPoint = [["cancel latency by point", "count", "p50", "p99", "max"]]
        for point in CancelPoint.allCases {
            guard let h = cancelLatencyByPoint[point.rawValue], h.count > 0 else { continue }
            byPoint.append([point.rawValue, String(h.count), ns(h.p50), ns(h.p99), ns(h.max)])
        }
        if byPoint.count > 1 {
            out.append(contentsOf: align(byPoint).map { "  " + $0 })
            out.append("")
        }
        let ct = cancelToTerminal
        if ct.count > 0 {
            out.append("cancel accepted → job seen terminal: p50 \(ns(ct.p50)), p99 \(ns(ct.p99)), max \(ns(ct.max)) (\(ct.count) jobs)")
        }
        if model == "open" {
            let l = startLateness
            out.append("open model: \(lateStarts) of \(l.count) jobs started more than 1 ms late (p99 \(ns(l.p99)), max \(ns(l.max))), \(droppedStarts) scheduled starts dropped")
        }
        if let nemesis { out.append(nemesis.line) }
        if ct.count > 0 || model == "open" || nemesis != nil { out.append("") }
        out.append("invariants:")
        out.append(contentsOf: align(invariantRows(), left: [0, 1, 2, 3]).map { "  " + $0 })
        out.append("")
        out.append(contentsOf: notes.map { "note: " + $0 })
        out.append(verdictLine)
        out.append("results: \(resultsDirectory)/")
        return out.joined(separator: "\n")
    }

    /// The operations table's header; the Markdown summary uses the same one.
    static let operationColumns = ["op", "count", "2xx", "4xx", "errors", "error%", "p50", "p99", "max"]

    /// The operations table's rows, one per operation kind that ran, in the order of `operationColumns`.
    func operationRows() -> [[String]] {
        OperationKind.allCases.compactMap { kind in
            guard let s = operations[kind.rawValue] else { return nil }
            return [kind.rawValue, String(s.count), String(s.ok), String(s.fail), String(s.errors), percent(s.errorRate),
                    ns(s.latency.p50), ns(s.latency.p99), ns(s.latency.max)]
        }
    }

    /// The invariants table's rows: number, name, verdict (`n/a` when not exercised) and detail.
    func invariantRows() -> [[String]] {
        invariants.map { i -> [String] in
            // Recovery is judged per fault window, every other invariant per job.
            let unit = i.invariant == Invariant.recovery.rawValue ? "windows" : "jobs"
            let detail = i.jobs == 0 ? "not exercised" : "\(i.jobs) \(unit) checked" + (i.unknown > 0 ? ", \(i.unknown) unknown" : "")
                + (i.fail > 0 ? ", \(i.fail) violated" : "")
            return [String(i.invariant), i.name, i.verdict ?? "n/a", detail]
        }
    }

    /// The cancels-by-point table: the state each cancel saw, and the final states.
    private func pointRows() -> [[String]] {
        var table = [["point", "jobs", "seen: queued", "running", "terminal", "unseen", "final: succeeded", "failed", "cancelled", "none"]]
        for point in CancelPoint.allCases {
            guard let p = cancelPoints[point.rawValue] else { continue }
            let seen = point.cancelsJob
            let terminalSeen = ["succeeded", "failed", "cancelled"].reduce(0) { $0 + (p.stateAtCancel[$1] ?? 0) }
            table.append([point.rawValue, String(p.jobs),
                          seen ? String(p.stateAtCancel["queued"] ?? 0) : "-", seen ? String(p.stateAtCancel["running"] ?? 0) : "-",
                          seen ? String(terminalSeen) : "-", seen ? String(p.stateAtCancel["unseen"] ?? 0) : "-",
                          String(p.finalState["succeeded"] ?? 0), String(p.finalState["failed"] ?? 0),
                          String(p.finalState["cancelled"] ?? 0), String(p.finalState["none"] ?? 0)])
        }
        return table
    }

    /// The verdict word that goes with the exit code (`PASS`, `FAIL`, `INDETERMINATE`, …).
    public var verdictWord: String {
        switch exitCode {
        case 0: return "PASS"
        case 1: return "FAIL"
        case 2: return "GATE FAILED"
        case 3 where stopReason == nil && !coverage.shortfalls.isEmpty: return "INDETERMINATE"
        case 3: return "COULD NOT RUN"
        case 130: return "INTERRUPTED"
        default: return "EXIT \(exitCode)"
        }
    }

    /// "closed, concurrency 64" or "open, 200 jobs/s poisson".
    public var loadModelText: String {
        model == "closed" ? "closed, concurrency \(concurrency ?? 0)"
            : "open, \(JSONText.number(rate ?? 0)) jobs/s" + (arrival.map { " \($0)" } ?? "")
    }
}
