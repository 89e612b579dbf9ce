import Foundation
import Testing
@testable import ReferenceTarget

/// The cancel faults at probability 1, on a fake clock: queue 100 ms, run 1000 ms, beatra stop 200 ms.
@Suite struct CancelFaultTests {
    private func billing(_ answer: Answer) -> [String: String] { answer.json["billing"] as? [String: String] ?? [:] }

    @Test func doubleRefundGrowsPastTheCharge() {
        let c = DialectClient(Fixture(.beatra, faults: [.doubleRefund: 1]), .beatra)
        let id = c.submit().id
        c.f.advance(ms: 600)  // 500 ms into the run
        #expect(c.cancel(id).string("status") == "running")
        c.f.advance(ms: 300)  // stopped at 700 ms of 1000: 3 of 10 credits back
        #expect(billing(c.read(id))["refunded_credits"] == "3.000000")
        // Each further cancel applies the refund again, in the answer and in every later read.
        let refunds = (0..<3).map { _ in billing(c.cancel(id))["refunded_credits"] }
        #expect(refunds == ["6.000000", "9.000000", "12.000000"])
        let after = billing(c.read(id))
        #expect(after["refunded_credits"] == "12.000000")
        #expect(after["charged_credits"] == "10.000000")
    }

    @Test(arguments: [
        (Int64(50), 0.0),  // cancelled while queued: nothing was charged, nothing to refund again
        (Int64(2000), 0.0),  // succeeded: never refunded
        (Int64(2000), 1.0),  // failed: never refunded
    ])
    func doubleRefundNeedsACancelWhileRunning(advanceMs: Int64, failureRate: Double) {
        let c = DialectClient(Fixture(.beatra, failureRate: failureRate, faults: [.doubleRefund: 1]), .beatra)
        let id = c.submit().id
        c.f.advance(ms: advanceMs)
        for _ in 0..<3 { #expect(billing(c.cancel(id))["refunded_credits"] == "0.000000") }
    }

    @Test(arguments: [
        (Dialect.pika, Int64(50), "cancelled"),  // queued: 200 cancelled
        (.pika, 600, "cancelled"),  // running: 200 cancelled
        (.beatra, 50, "cancelled"),  // queued: immediate, says cancelled
        (.beatra, 600, "running"),  // running: a request, shows cancel_requested_at
        (.praison, 50, "cancelled"),  // queued: 200 cancelled
        (.praison, 600, "cancelled"),  // running: 200 cancelled
    ])
    func lostCancelIsAcknowledgedButTheJobFinishes(dialect: Dialect, advanceMs: Int64, answered: String) {
        let c = DialectClient(Fixture(dialect, faults: [.lostCancel: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: advanceMs)
        let cancel = c.cancel(id)
        #expect(cancel.status == 200)
        #expect(cancel.string("status") == answered)
        if dialect == .beatra { #expect(cancel.string("cancel_requested_at") == "2026-11-24T05:55:01.\(123 + advanceMs)Z") }
        if dialect == .praison { #expect(cancel.string("cancelled_at") != nil) }
        #expect(c.truth(id)?.cancelRequestedAt == nil)  // the store never heard of it
        c.f.advance(ms: 2000)
        let final = c.read(id)
        #expect(final.string("status") == c.succeededName)
        if dialect == .beatra { #expect(final.json["cancel_requested_at"] is NSNull) }
    }

    @Test(arguments: [
        (Dialect.pika, 0.0, "completed"),  // succeeded
        (.pika, 1.0, "failed"),  // failed
        (.beatra, 0.0, "succeeded"),
        (.beatra, 1.0, "failed"),
        (.praison, 0.0, "succeeded"),  // 200 instead of 400
        (.praison, 1.0, "failed"),  // 200 instead of 400
    ])
    func cancelOfCompletedJobSaysCancelled(dialect: Dialect, failureRate: Double, stored: String) {
        let c = DialectClient(Fixture(dialect, failureRate: failureRate, faults: [.cancelCompleted200: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: 2000)
        let before = c.read(id)
        let cancel = c.cancel(id)
        #expect(cancel.status == 200)
        #expect(cancel.string("status") == "cancelled")
        if dialect == .beatra { #expect(cancel.string("completed_at") == before.string("completed_at")) }
        if dialect == .praison { #expect(cancel.string("cancelled_at") == before.string("completed_at")) }
        #expect(c.read(id).string("status") == stored)  // the stored state is unchanged
    }

    @Test func cancelCompleted200LeavesAlreadyCancelledRunsAt400() {
        let c = DialectClient(Fixture(.praison, faults: [.cancelCompleted200: 1]), .praison)
        let id = c.submit().id
        #expect(c.cancel(id).status == 200)
        #expect(c.cancel(id).status == 400)
    }

    @Test func nonIdempotentCancelMovesBeatraTimestamps() {
        let c = DialectClient(Fixture(.beatra, faults: [.nonIdempotentCancel: 1]), .beatra)
        let queued = c.submit().id
        c.f.advance(ms: 50)
        let first = c.cancel(queued)
        #expect(first.string("cancel_requested_at") == "2026-11-24T05:55:01.173Z")
        c.f.advance(ms: 10)
        let second = c.cancel(queued)
        #expect(second.string("status") == "cancelled")
        #expect(second.string("cancel_requested_at") == "2026-11-24T05:55:01.183Z")
        #expect(second.string("completed_at") == "2026-11-24T05:55:01.183Z")
        let read = c.read(queued)
        #expect(read.string("cancel_requested_at") == "2026-11-24T05:55:01.183Z")
        #expect((read.json["usage"] as? [String: String])?["credits"] == "0.000000")  // no work appears

        let running = c.submit().id  // submitted at .183
        c.f.advance(ms: 600)
        #expect(c.cancel(running).string("cancel_requested_at") == "2026-11-24T05:55:01.783Z")
        c.f.advance(ms: 50)
        let again = c.cancel(running)
        #expect(again.string("status") == "running")
        #expect(again.string("cancel_requested_at") == "2026-11-24T05:55:01.833Z")
    }

    @Test func nonIdempotentCancelAnswersPraison200WithANewCancelledAt() {
        let c = DialectClient(Fixture(.praison, faults: [.nonIdempotentCancel: 1]), .praison)
        let id = c.submit().id
        c.f.advance(ms: 50)
        #expect(c.cancel(id).string("cancelled_at") == "2026-11-24T05:55:01.173Z")
        c.f.advance(ms: 10)
        let again = c.cancel(id)
        #expect(again.status == 200)  // instead of 400
        #expect(again.string("cancelled_at") == "2026-11-24T05:55:01.183Z")
        #expect(c.read(id).string("cancelled_at") == "2026-11-24T05:55:01.183Z")
        // A run that finished is still refused: this fault is about repeated cancels only.
        let done = c.submit().id
        c.f.advance(ms: 2000)
        #expect(c.cancel(done).status == 400)
    }

    @Test func stuckCancelNeverStops() {
        let c = DialectClient(Fixture(.beatra, faults: [.stuckCancel: 1]), .beatra)
        let id = c.submit().id
        c.f.advance(ms: 600)
        #expect(c.cancel(id).string("cancel_requested_at") == "2026-11-24T05:55:01.723Z")
        c.f.advance(ms: 100_000)
        let read = c.read(id)
        #expect(read.string("status") == "running")
        #expect(read.string("cancel_requested_at") == "2026-11-24T05:55:01.723Z")
        #expect(read.json["completed_at"] is NSNull)
        // A queued task still cancels at once: only a running one gets stuck.
        let queued = c.submit().id
        c.f.advance(ms: 50)
        #expect(c.cancel(queued).string("status") == "cancelled")
    }
}
