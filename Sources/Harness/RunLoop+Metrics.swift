/// `/metrics` from the run loop: a snapshot handed over at most every 100 ms, so a scrape never touches the
/// loop's state and the loop pays only a copy of small arrays and dictionaries ten times a second.
extension RunLoop {
    /// Publishes the current snapshot when the last one is older than the publish interval (or `force`).
    func publishMetrics(_ t: Int64, force: Bool = false) {
        guard let metrics, force || t - lastMetricsPublish >= MetricsEndpoint.publishInterval else { return }
        lastMetricsPublish = t
        metrics.publish(metricsSnapshot())
    }

    /// The run as `/metrics` shows it now.
    func metricsSnapshot() -> MetricsSnapshot {
        MetricsSnapshot(info: .init(plan), counts: recorder.metrics ?? MetricsCounts(), tally: recorder.tally, inFlight: ledger.count)
    }
}
