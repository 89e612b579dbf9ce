import Foundation
import HTTPServer
import Synchronization
import Testing
@testable import ReferenceTarget

/// Completion callbacks delivered to a real `HTTPServer` on 127.0.0.1: the only tests here that wait on wall
/// time, each bounded by a few seconds.
@Suite struct CallbackDeliveryTests {
    /// Every request the receiver got.
    final class Inbox: Sendable {
        let requests = Mutex<[HTTPRequest]>([])
        var count: Int { requests.withLock { $0.count } }
        var all: [HTTPRequest] { requests.withLock { $0 } }
    }

    /// Starts a receiver answering `status`; returns it, its port and its inbox.
    private func receiver(status: Int = 204) throws -> (HTTPServer, UInt16, Inbox) {
        let inbox = Inbox()
        let server = HTTPServer { request in
            inbox.requests.withLock { $0.append(request) }
            return .respond(HTTPResponse(status: status))
        }
        return (server, try server.start(), inbox)
    }

    /// Waits (2 ms steps, at most `seconds`) until `done` holds; returns whether it did.
    private func wait(seconds: Double = 3, until done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() {
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }

    private func callback(_ answer: Answer) -> [String: Any] { answer.json["callback"] as? [String: Any] ?? [:] }

    @Test(arguments: [
        ([Fault: Double](), 1),  // exactly once
        ([Fault.duplicateCallback: 1.0], 2),  // twice under the fault
    ])
    func deliversTheTerminalTaskOnce(faults: [Fault: Double], deliveries: Int) throws {
        let (server, port, inbox) = try receiver()
        defer { server.stop() }
        let f = Fixture(.beatra, faults: faults)
        defer { f.target.shutdown() }
        let c = DialectClient(f, .beatra)
        let url = "http://127.0.0.1:\(port)/hooks/done?x=1"
        let done = c.submit(body: #"{"callback_url":"\#(url)"}"#).id
        let cancelled = c.submit(body: #"{"callback_url":"http://localhost:\#(port)/hooks/cancelled"}"#).id
        #expect(callback(c.read(done))["status"] as? String == "pending")
        f.advance(ms: 50)
        _ = c.cancel(cancelled)
        f.advance(ms: 2000)
        #expect(wait { inbox.count >= 2 * deliveries })
        usleep(100_000)  // room for a wrong extra delivery to show up
        let received = inbox.all
        #expect(received.count == 2 * deliveries)
        for request in received {
            #expect(request.method == "POST")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("X-Beatra-Event") == "task.completed")
        }
        let bodies = received.map { (try? JSONSerialization.jsonObject(with: Data($0.body))) as? [String: Any] ?? [:] }
        let toDone = zip(received, bodies).filter { $0.0.target == "/hooks/done?x=1" }.map(\.1)
        #expect(toDone.count == deliveries)
        #expect(toDone.allSatisfy { $0["task_id"] as? String == done && $0["status"] as? String == "succeeded" })
        let toCancelled = zip(received, bodies).filter { $0.0.target == "/hooks/cancelled" }.map(\.1)
        #expect(toCancelled.count == deliveries)
        #expect(toCancelled.allSatisfy { $0["task_id"] as? String == cancelled && $0["status"] as? String == "cancelled" })
        let state = callback(c.read(done))
        #expect(state["url"] as? String == url)
        #expect(state["status"] as? String == "delivered")
        #expect(state["attempt_count"] as? Int == deliveries)
        #expect(state["delivered_at"] as? String == "2026-11-24T05:55:03.173Z")  // the fake clock at delivery
        #expect(state["last_error"] is NSNull)
    }

    @Test func failedDeliveryRetriesThenRecordsTheError() throws {
        let (server, port, _) = try receiver()
        server.stop()  // nothing listens there any more: every connect is refused
        let f = Fixture(.beatra)
        defer { f.target.shutdown() }
        let c = DialectClient(f, .beatra)
        let id = c.submit(body: #"{"callback_url":"http://127.0.0.1:\#(port)/gone"}"#).id
        f.advance(ms: 2000)
        #expect(wait { callback(c.read(id))["status"] as? String == "failed" })
        let state = callback(c.read(id))
        #expect(state["attempt_count"] as? Int == 4)  // the first try and 3 retries
        #expect((state["last_error"] as? String)?.hasPrefix("connect:") == true)
        #expect(state["delivered_at"] is NSNull)
    }

    @Test func receiverErrorStatusIsAFailure() throws {
        let (server, port, inbox) = try receiver(status: 500)
        defer { server.stop() }
        let f = Fixture(.beatra)
        defer { f.target.shutdown() }
        let c = DialectClient(f, .beatra)
        let id = c.submit(body: #"{"callback_url":"http://127.0.0.1:\#(port)/"}"#).id
        f.advance(ms: 2000)
        #expect(wait { callback(c.read(id))["status"] as? String == "failed" })
        #expect(inbox.count == 4)
        #expect(callback(c.read(id))["last_error"] as? String == "HTTP 500")
    }

    @Test func shutdownStopsDeliveryAndIsIdempotent() throws {
        let (server, port, inbox) = try receiver()
        defer { server.stop() }
        let f = Fixture(.beatra)
        let c = DialectClient(f, .beatra)
        let id = c.submit(body: #"{"callback_url":"http://127.0.0.1:\#(port)/late"}"#).id
        f.target.shutdown()  // the dispatcher thread was running (started by the registration): joined here
        f.target.shutdown()
        f.advance(ms: 2000)
        usleep(50_000)
        #expect(inbox.count == 0)
        #expect(callback(c.read(id))["status"] as? String == "pending")
        // Requests are still answered after shutdown.
        #expect(c.read(id).string("status") == "succeeded")
    }

    @Test func shutdownWithoutCallbacksReturnsAtOnce() {
        for dialect in Dialect.allCases {
            let f = Fixture(dialect)
            f.target.shutdown()
            f.target.shutdown()
        }
    }
}
