import Foundation
import Testing
@testable import ReferenceTarget

@Suite struct IdempotencyStoreTests {
    private func key(_ value: String) -> [(name: String, value: String)] { [(name: "idempotency-key", value: value)] }

    @Test func replayReturnsIdenticalBytesWithoutExecutingAgain() {
        let f = Fixture(.beatra)
        let body = #"{"input":{"prompt":"x"}}"#
        let first = f.call("POST", "/v1/tasks", headers: key("k1"), body: body)
        #expect(first.status == 202)
        #expect(first.header("Idempotent-Replayed") == nil)
        f.advance(ms: 500)  // The task is running now, but the replay is the stored submit response.
        let second = f.call("POST", "/v1/tasks", headers: key("k1"), body: body)
        #expect(second.status == 202)
        #expect(second.bytes == first.bytes)
        #expect(second.header("Idempotent-Replayed") == "true")
        // Not executed twice: the next fresh submit gets sequence 2, not 3.
        let fresh = f.call("POST", "/v1/tasks", body: body).string("task_id") ?? ""
        #expect(fresh.hasPrefix("task_00000002"))
    }

    @Test func differentPayloadUnderSameKeyIs422() {
        let f = Fixture(.beatra)
        _ = f.call("POST", "/v1/tasks", headers: key("k1"), body: #"{"model":"a"}"#)
        let reused = f.call("POST", "/v1/tasks", headers: key("k1"), body: #"{"model":"b"}"#)
        #expect(reused.status == 422)
        #expect((reused.json["error"] as? [String: Any])?["code"] as? String == "idempotency_key_reused")
        #expect(f.call("POST", "/v1/tasks").string("task_id")?.hasPrefix("task_00000002") == true)
    }

    @Test func sameKeyOnAnotherPathIs422() {
        let f = Fixture(.beatra)
        let id = f.call("POST", "/v1/tasks", headers: key("k")).string("task_id") ?? ""
        #expect(f.call("POST", "/v1/tasks/\(id)/cancel", headers: key("k")).status == 422)
        #expect(f.call("GET", "/v1/tasks/\(id)").string("status") == "queued")
    }

    @Test func keysAreScopedPerToken() {
        let clock = FakeClock()
        let config = TargetConfig(dialect: .beatra, tokens: ["alice", "bob"])
        let target = ReferenceTarget(config: config, clock: clock.closure, wallClockOrigin: wallOrigin)
        func submit(_ token: String, _ body: String) -> Answer {
            Answer(target.handle(.init(method: "POST", target: "/v1/tasks",
                                       headers: [(name: "authorization", value: "Bearer \(token)"),
                                                 (name: "idempotency-key", value: "shared")],
                                       body: Array(body.utf8))))
        }
        let alice = submit("alice", #"{"model":"a"}"#)
        let bob = submit("bob", #"{"model":"b"}"#)
        #expect(alice.status == 202)
        #expect(bob.status == 202)
        #expect(bob.string("task_id") != alice.string("task_id"))
    }

    @Test func replayedCancelKeepsItsOriginalAnswer() {
        let f = Fixture(.beatra)
        let id = f.call("POST", "/v1/tasks").string("task_id") ?? ""
        f.advance(ms: 400)
        let first = f.call("POST", "/v1/tasks/\(id)/cancel", headers: key("c1"))
        #expect(first.string("status") == "running")
        f.advance(ms: 1000)  // Now cancelled; a replay still answers what the first request got.
        let replay = f.call("POST", "/v1/tasks/\(id)/cancel", headers: key("c1"))
        #expect(replay.bytes == first.bytes)
        #expect(replay.header("Idempotent-Replayed") == "true")
        #expect(f.call("GET", "/v1/tasks/\(id)").string("status") == "cancelled")
    }

    @Test func oldestKeysAreEvictedPastCapacity() {
        // Capacity 16 over 16 shards: one key per shard, so a shard's second key evicts its first.
        let store = IdempotencyStore(capacity: 16)
        let print = IdempotencyStore.Fingerprint(method: "POST", path: "/v1/tasks", body: [])
        var executions = 0
        func run(_ key: String) -> IdempotencyStore.Result {
            store.perform(scope: "t", key: key, fingerprint: print) { executions += 1; return (202, [1]) }
        }
        for index in 0..<200 { _ = run("k\(index)") }
        #expect(executions == 200)
        _ = run("k199")  // The newest key is still remembered.
        #expect(executions == 200)
        _ = run("k0")  // The oldest was forgotten, so it executes again.
        #expect(executions == 201)
    }

    @Test(arguments: [
        ("POST", "/v1/tasks", [UInt8]("{}".utf8)),  // another body
        ("POST", "/v1/tasks/x", []),  // another path
        ("PUT", "/v1/tasks", []),  // another method
    ] as [(String, String, [UInt8])])
    func fingerprintCoversMethodPathAndBody(method: String, path: String, body: [UInt8]) {
        let base = IdempotencyStore.Fingerprint(method: "POST", path: "/v1/tasks", body: [])
        #expect(IdempotencyStore.Fingerprint(method: method, path: path, body: body) != base)
    }
}
