import Foundation
import Testing
@testable import ReferenceTarget

/// Billing in the beatra task object: charge at start, one refund of the unused part on cancel.
@Suite struct BeatraTaskJSONTests {
    private func billing(_ answer: Answer) -> [String: String] { answer.json["billing"] as? [String: String] ?? [:] }
    private func usage(_ answer: Answer) -> String? { (answer.json["usage"] as? [String: Any])?["credits"] as? String }

    @Test func chargedAtStartNotBefore() {
        let f = Fixture(.beatra)
        let id = f.call("POST", "/v1/tasks").string("task_id") ?? ""
        #expect(billing(f.call("GET", "/v1/tasks/\(id)"))["charged_credits"] == "0.000000")
        f.advance(ms: 100)  // Starts now: 1 s × 10 credits/s.
        let running = f.call("GET", "/v1/tasks/\(id)")
        #expect(billing(running)["charged_credits"] == "10.000000")
        #expect(billing(running)["refunded_credits"] == "0.000000")
        #expect(billing(running)["currency"] == "USD")
        #expect(billing(running)["charged_credits_usd_reference"] == "0.100000")
        f.advance(ms: 1000)
        let done = f.call("GET", "/v1/tasks/\(id)")
        #expect(billing(done)["charged_credits"] == "10.000000")
        #expect(billing(done)["refunded_credits"] == "0.000000")
        #expect(usage(done) == "10.000000")
    }

    @Test func cancelRefundsUnusedPartExactlyOnce() {
        let f = Fixture(.beatra)
        let id = f.call("POST", "/v1/tasks").string("task_id") ?? ""
        f.advance(ms: 350)  // 25% into the run; stops at 45%.
        let requested = f.call("POST", "/v1/tasks/\(id)/cancel")
        #expect(billing(requested)["refunded_credits"] == "0.000000")
        f.advance(ms: 300)
        let cancelled = f.call("GET", "/v1/tasks/\(id)")
        #expect(cancelled.string("status") == "cancelled")
        #expect(billing(cancelled)["charged_credits"] == "10.000000")
        #expect(billing(cancelled)["refunded_credits"] == "5.500000")
        #expect(billing(cancelled)["refunded_credits_usd_reference"] == "0.055000")
        #expect(usage(cancelled) == "4.500000")
        // Repeated cancels and reads never refund again.
        for _ in 0..<3 {
            f.advance(ms: 500)
            #expect(billing(f.call("POST", "/v1/tasks/\(id)/cancel")) == billing(cancelled))
        }
    }

    @Test func usageRisesWhileRunning() {
        let f = Fixture(.beatra)
        let id = f.call("POST", "/v1/tasks").string("task_id") ?? ""
        f.advance(ms: 350)
        #expect(usage(f.call("GET", "/v1/tasks/\(id)")) == "2.500000")
        f.advance(ms: 500)
        #expect(usage(f.call("GET", "/v1/tasks/\(id)")) == "7.500000")
    }

    @Test func callbackIsEchoedPending() {
        let f = Fixture(.beatra)
        let answer = f.call("POST", "/v1/tasks", body: #"{"callback_url":"http://127.0.0.1:9/hook"}"#)
        let callback = answer.json["callback"] as? [String: Any]
        #expect(callback?["url"] as? String == "http://127.0.0.1:9/hook")
        #expect(callback?["status"] as? String == "pending")
        #expect(callback?["attempt_count"] as? Int == 0)
        #expect(callback?["delivered_at"] is NSNull)
        #expect(f.call("POST", "/v1/tasks").json["callback"] is NSNull)
    }

    /// Credits arithmetic on its own, per row: (elapsed ms, outcome-cancelled?, charged, refunded, used).
    @Test(arguments: [
        (0, true, 10_000_000, 10_000_000, 0),  // cancelled at the very start: everything back
        (1000, false, 10_000_000, 0, 10_000_000),  // ran to the end
        (333, true, 10_000_000, 6_670_000, 3_330_000),  // a third in: rounding stays exact in micros
    ] as [(Int64, Bool, Int64, Int64, Int64)])
    func creditsArithmetic(elapsedMs: Int64, cancelled: Bool, charged: Int64, refunded: Int64, used: Int64) {
        let snapshot = JobSnapshot(phase: .terminal(cancelled ? .cancelled : .succeeded), now: 0, createdAt: 0,
                                   startedAt: 0, endedAt: 0, cancelRequestedAt: nil,
                                   elapsed: elapsedMs * 1_000_000, runTime: 1_000_000_000)
        let credits = Credits(snapshot, creditsPerSecond: 10)
        #expect(credits.charged == charged)
        #expect(credits.refunded == refunded)
        #expect(credits.used == used)
    }
}
