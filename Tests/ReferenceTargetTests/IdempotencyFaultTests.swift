import Foundation
import Testing
@testable import ReferenceTarget

/// `idempotency-replay-executes` at probability 1 on beatra.
@Suite struct IdempotencyFaultTests {
    private let key = [(name: "idempotency-key", value: "k-1")]

    @Test func replayedSubmitCreatesASecondTask() {
        let c = DialectClient(Fixture(.beatra, faults: [.idempotencyReplayExecutes: 1]), .beatra)
        let first = c.submit(headers: key, body: #"{"model":"m"}"#)
        let second = c.submit(headers: key, body: #"{"model":"m"}"#)
        #expect(first.answer.status == 202 && second.answer.status == 202)
        #expect(!first.id.isEmpty && !second.id.isEmpty && first.id != second.id)
        #expect(second.answer.header("Idempotent-Replayed") == nil)
        #expect(c.read(second.id).status == 200)
        // A different payload under the same key is still refused.
        #expect(c.submit(headers: key, body: #"{"model":"other"}"#).answer.status == 422)
    }

    @Test func replayedCancelExecutesAgain() {
        let c = DialectClient(Fixture(.beatra, faults: [.idempotencyReplayExecutes: 1]), .beatra)
        let id = c.submit().id
        c.f.advance(ms: 50)
        #expect(c.cancel(id, headers: key).string("cancel_requested_at") == "2026-11-24T05:55:01.173Z")
        c.f.advance(ms: 10)
        let replay = c.cancel(id, headers: key)
        #expect(replay.header("Idempotent-Replayed") == nil)
        #expect(replay.string("cancel_requested_at") == "2026-11-24T05:55:01.183Z")
        #expect(c.read(id).string("cancel_requested_at") == "2026-11-24T05:55:01.183Z")
    }

    @Test func withoutTheFaultTheSameRequestsReplay() {
        let c = DialectClient(Fixture(.beatra), .beatra)
        let first = c.submit(headers: key)
        let second = c.submit(headers: key)
        #expect(first.id == second.id)
        #expect(second.answer.header("Idempotent-Replayed") == "true")
    }
}
