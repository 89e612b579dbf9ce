import Foundation
import Testing
@testable import ReferenceTarget

/// A fresh path for a store file in the temporary directory; the caller removes it.
func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("cancelbench-store-\(UUID().uuidString).log").path
}

/// `serve --store`: a target replayed from its store answers as the target that wrote it would have, had it never
/// stopped. Each test "crashes" the first life by closing its file (every record is written before its answer,
/// so nothing more is lost than in a kill -9) and starts a second life over the same file.
@Suite struct StoreRestartTests {
    private func key(_ value: String) -> [(name: String, value: String)] { [(name: "idempotency-key", value: value)] }

    /// The same script on an in-memory twin and on a durable first life; then the first life stops and a second
    /// one replays its file at the same wall-clock instant, and from then on it must answer exactly as the twin:
    /// the same jobs in the same states with the same timestamps, billing (beatra) and stored key answers, and
    /// the sequence carries on (the next submit gets the twin's next id).
    @Test(arguments: Dialect.allCases)
    func replayedTargetAnswersAsOneThatNeverStopped(dialect: Dialect) throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let twin = DialectClient(Fixture(dialect), dialect)
        let first = DialectClient(try Fixture(dialect, storeFile: path), dialect)
        let keyed = dialect == .beatra ? key("k1") : []
        var ids: [String] = []
        var keyedAnswer = ""
        for client in [twin, first] {
            let a = client.submit(headers: keyed)  // beatra: stored under k1
            if client.f.target === first.f.target { keyedAnswer = a.answer.text }
            let b = client.submit()
            client.f.advance(ms: 150)  // both running
            _ = client.cancel(b.id)  // immediate, or (beatra) best effort with a 200 ms stop
            let c = client.submit()  // queued
            client.f.advance(ms: 50)
            _ = client.cancel(c.id)  // cancelled while queued
            let d = client.submit()
            client.f.advance(ms: 300)
            ids = [a.id, b.id, c.id, d.id]
        }
        #expect(twin.read(ids[0]).text == first.read(ids[0]).text)
        first.f.target.shutdown()

        // 500 ms of script have passed on the first life's clock: the second life starts at that wall instant.
        let second = DialectClient(try Fixture(dialect, storeFile: path, startMs: 500), dialect)
        #expect(second.f.target.storeReplay?.jobs == 4)
        #expect(second.f.target.storeReplay?.tornBytes == 0)
        for step in [0, 100, 700, 2000] as [Int64] {
            twin.f.advance(ms: step)
            second.f.advance(ms: step)
            for id in ids {
                let (expected, seen) = (twin.read(id), second.read(id))
                #expect(seen.status == expected.status, "\(dialect) \(id) +\(step) ms")
                #expect(seen.text == expected.text, "\(dialect) \(id) +\(step) ms")
            }
        }
        if dialect == .beatra {
            let replayed = second.submit(headers: keyed)
            #expect(replayed.answer.text == keyedAnswer)
            #expect(replayed.answer.header("Idempotent-Replayed") == "true")
            #expect(second.f.call("POST", "/v1/tasks", headers: keyed, body: #"{"model":"x"}"#).status == 422)
        }
        #expect(second.submit().id == twin.submit().id)  // the fifth job on both: the sequence went on
    }

    /// A cancel the answer acknowledged is never undone by a restart, however long the server stayed down: the job
    /// never ends succeeded (OGC: the dismissed job stays gone).
    @Test(arguments: Dialect.allCases)
    func acknowledgedCancelSurvivesTheRestart(dialect: Dialect) throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = DialectClient(try Fixture(dialect, storeFile: path), dialect)
        let job = first.submit().id
        if dialect != .beatra { first.f.advance(ms: 150) }  // running (beatra acknowledges a cancel only while queued)
        let answer = first.cancel(job)
        #expect(answer.string("status") == first.cancelledName)
        first.f.target.shutdown()

        let second = DialectClient(try Fixture(dialect, storeFile: path, startMs: 10_000), dialect)
        let read = second.read(job)
        if dialect == .ogcProcesses {
            #expect(read.status == 404)
        } else {
            #expect(read.string("status") == "cancelled")
        }
        #expect(second.f.target.storeReplay?.cancels == 1)
    }

    /// A job submitted before the stop keeps its timeline by wall-clock time: down for longer than its life, it
    /// reads finished; a beatra cancel requested while running stops it 200 ms later, even across the restart.
    @Test func jobsCarryOnThroughTheDowntime() throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = DialectClient(try Fixture(.beatra, storeFile: path), .beatra)
        let done = first.submit().id
        let stopping = first.submit().id
        first.f.advance(ms: 150)
        #expect(first.cancel(stopping).string("cancel_requested_at") != nil)
        first.f.target.shutdown()

        // Restarted 200 ms later (first life at 150 ms): the cancel has just taken effect; 1 s later the other ended.
        let second = DialectClient(try Fixture(.beatra, storeFile: path, startMs: 350), .beatra)
        #expect(second.read(stopping).string("status") == "cancelled")
        #expect(second.read(done).string("status") == "running")
        second.f.advance(ms: 800)
        #expect(second.read(done).string("status") == "succeeded")
    }

    /// Planted faults still work with a store, and the changes they make are kept: `double-refund` refunds a
    /// second time and the restart shows the same refund; `stuck-cancel` leaves a task running forever, and after
    /// the restart it still runs (its end, "never", is kept).
    @Test func faultsWorkAndTheirChangesAreKept() throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let faults: [Fault: Double] = [.doubleRefund: 1]
        let first = DialectClient(try Fixture(.beatra, storeFile: path, faults: faults), .beatra)
        let job = first.submit().id
        first.f.advance(ms: 150)
        _ = first.cancel(job)
        first.f.advance(ms: 300)
        let refunded = { (answer: Answer) in (answer.json["billing"] as? [String: Any])?["refunded_credits"] as? String }
        let once = refunded(first.read(job))
        _ = first.cancel(job)  // the fault refunds again
        let twice = refunded(first.read(job))
        #expect(twice != once)
        first.f.target.shutdown()
        let second = DialectClient(try Fixture(.beatra, storeFile: path, startMs: 450, faults: faults), .beatra)
        #expect(refunded(second.read(job)) == twice)
        second.f.target.shutdown()

        let stuckPath = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: stuckPath) }
        let stuck = DialectClient(try Fixture(.beatra, storeFile: stuckPath, faults: [.stuckCancel: 1]), .beatra)
        let task = stuck.submit().id
        stuck.f.advance(ms: 150)
        _ = stuck.cancel(task)
        stuck.f.target.shutdown()
        let after = DialectClient(try Fixture(.beatra, storeFile: stuckPath, startMs: 60_000), .beatra)
        #expect(after.read(task).string("status") == "running")
        #expect(after.read(task).string("cancel_requested_at") != nil)
    }

    /// Noise faults answer around the store: a submit that executed before its dropped or 5xx answer is still on
    /// disk, and the next life continues after it.
    @Test func noiseFaultsStillAnswerWithAStore() throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try Fixture(.pika, storeFile: path, faults: [.slow: 1])
        guard case .respondAfter(let delay, let response) = first.reply("POST", "/v1/pika/create", body: "{}") else {
            Issue.record("expected a slow answer")
            return
        }
        #expect(delay >= 50_000_000 && response.status == 200)
        first.target.shutdown()
        let second = try Fixture(.pika, storeFile: path)
        #expect(second.target.storeReplay?.jobs == 1)
    }

    /// The store's id key wins over the one a later life was given, so old ids keep parsing; and the bearer token
    /// never reaches the file (keys are scoped by a digest of it).
    @Test func storeKeepsItsIdKeyAndNeverTheToken() throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = DialectClient(try Fixture(.beatra, storeFile: path, idSeed: 11), .beatra)
        let id = first.submit(headers: key("k")).id
        first.f.target.shutdown()
        let second = DialectClient(try Fixture(.beatra, storeFile: path, idSeed: 12), .beatra)
        #expect(second.f.target.config.idSeed == 11)
        #expect(second.read(id).status == 200)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(paidToken))
    }

    /// One store, one server: a second target on a file another one holds is refused (an flock), not interleaved.
    @Test func aStoreInUseIsRefused() throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try Fixture(.pika, storeFile: path)
        #expect(throws: StoreError.io(file: path, doing: "the store is in use by another serve (locked)", errno: nil)) {
            _ = try Fixture(.pika, storeFile: path)
        }
        first.target.shutdown()
        _ = try Fixture(.pika, storeFile: path)
    }

    /// After a restart without a store the ids are new ones (another key): a read of the previous life's id is a
    /// 404, never a different job of the new life that happens to have the same sequence number.
    @Test(arguments: Dialect.allCases)
    func anotherLifeNeverShowsAnOldIdAsANewJob(dialect: Dialect) {
        func life(_ idSeed: UInt64) -> DialectClient {
            var config = Fixture.config(dialect, faults: [:], seed: 7)
            config.idSeed = idSeed
            return DialectClient(Fixture(config: config), dialect)
        }
        let old = life(1).submit().id
        let restarted = life(2)
        let new = restarted.submit().id
        #expect(new != old)
        #expect(restarted.read(old).status == 404)
        #expect(restarted.read(new).status == 200)
    }
}
