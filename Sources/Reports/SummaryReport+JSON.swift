import LoadModel

/// summary.json: the summary's numbers for tools (every field documented in the README).
extension SummaryReport {
    /// summary.json: the same numbers, for tools.
    public var json: String {
        var ops: [String] = []
        for kind in OperationKind.allCases {
            guard let s = tally.operations[kind] else { continue }
            ops.append("\(JSONText.quote(kind.rawValue)):{\"count\":\(s.count),\"ok\":\(s.ok),\"fail\":\(s.fail),\"errors\":\(s.info),"
                + "\"transport_errors\":\(s.transportErrors),\"deliberate_timeouts\":\(s.deliberateTimeouts),\"error_rate\":\(s.errorRate),\"out_of_range\":\(s.latency.overflowCount),"
                + "\"latency\":\(s.latency.percentilesJSON),\"uncorrected\":\(s.serviceTime.percentilesJSON)}")
        }
        let invs = invariants.map { i -> String in
            let t = tally.invariants[i] ?? InvariantTally()
            return "{\"invariant\":\(i.rawValue),\"name\":\(JSONText.quote(i.name)),\"verdict\":"
                + (t.verdict.map { JSONText.quote($0.description) } ?? "null")
                + ",\"jobs\":\(t.jobs),\"pass\":\(t.pass),\"unknown\":\(t.unknown),\"fail\":\(t.fail)}"
        }
        let points = CancelPoint.allCases.compactMap { p -> String? in
            guard let t = tally.byPoint[p] else { return nil }
            return "\(JSONText.quote(p.rawValue)):{\"jobs\":\(t.jobs),\"state_at_cancel\":\(dict(t.stateAtCancel)),\"final_state\":\(dict(t.finalState))}"
        }
        var fields = [
            "\"run_id\":\(JSONText.quote(run.runId))", "\"profile\":\(JSONText.quote(run.profile))",
            "\"target\":\(JSONText.quote(run.target))", "\"model\":\(JSONText.quote(run.model))",
            "\"concurrency\":" + (run.concurrency.map(String.init) ?? "null"),
            "\"rate\":" + (run.rate.map { JSONText.number($0) } ?? "null"),
            "\"arrival\":" + (run.arrival.map(JSONText.quote) ?? "null"),
            "\"jobs_requested\":\(run.jobsRequested)", "\"seed\":\(run.seed)", "\"cancel_mix\":\(JSONText.quote(run.cancelMix))",
            "\"connections_max\":\(run.connections)", "\"elapsed_s\":\(run.elapsedSeconds)",
            "\"stop_reason\":" + (run.stopReason.map(JSONText.quote) ?? "null"), "\"command\":\(JSONText.quote(run.command))",
            "\"arguments\":[" + run.arguments.map(JSONText.quote).joined(separator: ",") + "]",
            "\"jobs\":\(tally.jobs)", "\"jobs_by_end\":\(dict(Dictionary(uniqueKeysWithValues: tally.jobsByEnd.map { ($0.key.rawValue, $0.value) })))",
            "\"jobs_by_final_state\":\(dict(tally.jobsByFinalState))", "\"cancelled_jobs\":\(tally.cancelledJobs)",
            "\"exchanges\":\(tally.exchanges)", "\"connections_opened\":\(tally.connectionsOpened)",
            "\"bytes_out\":\(tally.bytesOut)", "\"bytes_in\":\(tally.bytesIn)",
        ]
        fields.append("\"operations\":{" + ops.joined(separator: ",") + "}")
        let points2 = CancelPoint.allCases.compactMap { p -> String? in
            guard let h = tally.cancelLatencyByPoint[p], h.totalCount > 0 else { return nil }
            return "\(JSONText.quote(p.rawValue)):\(Self.stats(h))"
        }
        fields.append("\"cancel_latency_by_point\":{" + points2.joined(separator: ",") + "}")
        fields.append("\"cancel_to_terminal\":\(Self.stats(tally.cancelToTerminal))")
        fields.append("\"late_starts\":\(tally.lateStarts)")
        fields.append("\"dropped_starts\":\(tally.droppedStarts)")
        fields.append("\"start_lateness\":\(Self.stats(tally.startLateness))")
        fields.append("\"cancel_points\":{" + points.joined(separator: ",") + "}")
        fields.append("\"invariants\":[" + invs.joined(separator: ",") + "]")
        fields.append("\"violations\":\(tally.violations)")
        fields.append("\"exit_code\":\(exitCode)")
        for (key, json) in extra { fields.append("\(JSONText.quote(key)):\(json)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Count and percentiles of a histogram, in nanoseconds, as a JSON object.
    static func stats(_ h: Histogram) -> String {
        "{\"count\":\(h.totalCount),\"p50_ns\":\(h.value(atPercentile: 50)),\"p99_ns\":\(h.value(atPercentile: 99)),\"max_ns\":\(h.maxValue)}"
    }

    func dict(_ d: [String: Int]) -> String {
        "{" + d.sorted { $0.key < $1.key }.map { "\(JSONText.quote($0.key)):\($0.value)" }.joined(separator: ",") + "}"
    }
}

extension Histogram {
    /// `{"p50_ns":…,"p90_ns":…,"p99_ns":…,"p999_ns":…,"max_ns":…,"mean_ns":…}`, as summary.json files write it.
    public var percentilesJSON: String {
        "{\"p50_ns\":\(value(atPercentile: 50)),\"p90_ns\":\(value(atPercentile: 90)),\"p99_ns\":\(value(atPercentile: 99)),"
            + "\"p999_ns\":\(value(atPercentile: 99.9)),\"max_ns\":\(maxValue),\"mean_ns\":\(Int64(mean))}"
    }
}
