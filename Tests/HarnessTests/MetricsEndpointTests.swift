import Foundation
import LoadModel
import ReferenceTarget
import Synchronization
import Testing
@testable import Harness

/// `run --metrics-listen`: the exposition parses, scrapes during and after a run agree with summary.json.
@Suite struct MetricsEndpointTests {
    /// Plays `plan` with a metrics endpoint on a free port on another thread while this one scrapes every
    /// 20 ms until the endpoint closes; the scrapes in order and the run's summary.json.
    static func scrapedRun(_ plan: RunPlan, linger: Span) throws -> (scrapes: [String], summary: [String: Any], endpoint: MetricsEndpoint) {
        let endpoint = try MetricsEndpoint(port: 0)
        var engine = RunEngine(plan: plan, credentials: .embedded)
        engine.metrics = endpoint
        engine.metricsLinger = linger
        let done = Mutex<Result<RunOutcome, any Error>?>(nil)
        let thread = Thread { [engine] in
            let result = Result { try engine.run() }
            done.withLock { $0 = result }
        }
        thread.start()
        var scrapes: [String] = []
        while true {
            if let answer = Exposition.scrape(port: endpoint.port) {
                #expect(answer.status == 200 || answer.status == 503)
                if answer.status == 200 {
                    #expect(answer.contentType == "text/plain; version=0.0.4; charset=utf-8")
                    scrapes.append(answer.body)
                }
            } else if done.withLock({ $0 != nil }) {
                break
            }
            usleep(20_000)
        }
        _ = try #require(done.withLock { $0 }).get()
        let data = try Data(contentsOf: URL(fileURLWithPath: plan.outputs.directory + "/summary.json"))
        return (scrapes, try JSONSerialization.jsonObject(with: data) as! [String: Any], endpoint)
    }

    @Test func scrapesDuringAndAfterTheRunAgreeWithSummaryJSON() throws {
        let plan = try PlanFixture.plan(jobs: 60, out: PlanFixture.scratch("metrics"))
        let run = try Self.scrapedRun(plan, linger: .milliseconds(300))
        let parsed = try run.scrapes.map { try Exposition($0) }
        #expect(parsed.count >= 3, "scraped during the run and during the linger")
        // Some scrape saw the run under way, and counters never went down between scrapes.
        #expect(parsed.contains { $0.value("cancelbench_jobs_in_flight")! > 0 })
        for (a, b) in zip(parsed, parsed.dropFirst()) {
            #expect(a.sum("cancelbench_exchanges_total") <= b.sum("cancelbench_exchanges_total"))
        }
        // The last scrape (during the linger, after every output was written) is summary.json's counts exactly.
        let last = try #require(parsed.last)
        let s = run.summary
        #expect(last.value("cancelbench_run_info", ["run_id": plan.runId, "profile": "pika", "target": "embedded", "seed": "11"]) == 1)
        let operations = s["operations"] as! [String: [String: Any]]
        for (op, stats) in operations {
            #expect(last.sum("cancelbench_exchanges_total", ["op": op]) == Double(stats["count"] as! Int), "\(op)")
            #expect(last.sum("cancelbench_exchanges_total", ["op": op, "class": "2xx"]) == Double(stats["ok"] as! Int), "\(op)")
            #expect(last.value("cancelbench_exchange_duration_seconds_count", ["op": op]) == Double(stats["count"] as! Int))
        }
        #expect(last.sum("cancelbench_exchanges_total") == Double(s["exchanges"] as! Int))
        #expect(last.sum("cancelbench_cancels_total") == Double(operations["cancel"]!["count"] as! Int))
        for (end, n) in s["jobs_by_end"] as! [String: Int] { #expect(last.value("cancelbench_jobs_ended_total", ["end": end]) == Double(n)) }
        #expect(last.sum("cancelbench_jobs_ended_total") == Double(s["jobs"] as! Int))
        for (state, n) in s["jobs_by_final_state"] as! [String: Int] {
            #expect(last.value("cancelbench_jobs_final_state_total", ["final_state": state]) == Double(n))
        }
        #expect(last.sum("cancelbench_violations_total") == Double(s["violations"] as! Int))
        #expect(last.value("cancelbench_dropped_starts_total") == Double(s["dropped_starts"] as? Int ?? 0))
        #expect(last.value("cancelbench_late_starts_total") == Double(s["late_starts"] as? Int ?? 0))
        #expect(last.value("cancelbench_jobs_in_flight") == 0)
        // The endpoint closed once the linger was over; its last snapshot is what the last scrape read.
        #expect(Exposition.scrape(port: run.endpoint.port) == nil)
        #expect(run.endpoint.text() == run.scrapes.last)
    }

    @Test func violationsAreCountedByInvariant() throws {
        var plan = try PlanFixture.plan(jobs: 40, out: PlanFixture.scratch("metrics-fault"))
        plan.embedded?.faults = [.lostCancel: 1, .error5xx: 0.05]
        let run = try Self.scrapedRun(plan, linger: .zero)
        let last = try Exposition(run.endpoint.text() ?? "")
        let violations = run.summary["violations"] as! Int
        #expect(violations > 0)
        #expect(last.sum("cancelbench_violations_total") == Double(violations))
        // 5xx answers and no answers are summary.json's errors (plus the deliberate 1 ms timeouts, which got no answer).
        let operations = run.summary["operations"] as! [String: [String: Any]]
        for (op, stats) in operations {
            let errors = (stats["errors"] as! Int) + (stats["deliberate_timeouts"] as? Int ?? 0)
            #expect(last.sum("cancelbench_exchanges_total", ["op": op, "class": "5xx"]) + last.sum("cancelbench_exchanges_total", ["op": op, "class": "none"])
                    == Double(errors), "\(op)")
        }
        #expect(last.sum("cancelbench_exchanges_total", ["class": "5xx"]) > 0)
    }

    @Test func everyFamilyIsTypedAndOnlyMetricsIsServed() throws {
        let endpoint = try MetricsEndpoint(port: 0)
        defer { endpoint.stop() }
        // Before the run's first snapshot: 503, so Prometheus marks the target down instead of reading zeros.
        #expect(Exposition.scrape(port: endpoint.port)?.status == 503)
        var info = MetricsSnapshot.Info(try PlanFixture.plan(out: PlanFixture.scratch("metrics-info")))
        info.target = "http://h/\"quoted\"\\path\n"
        endpoint.publish(MetricsSnapshot(info: info))
        let answer = try #require(Exposition.scrape(port: endpoint.port))
        let parsed = try Exposition(answer.body)
        #expect(Set(parsed.types.keys) == Set(PrometheusText.families))
        #expect(parsed.samples.first { $0.name == "cancelbench_run_info" }?.labels["target"] == info.target)
        #expect(Exposition.scrape(port: endpoint.port, path: "/")?.status == 404)
    }
}
