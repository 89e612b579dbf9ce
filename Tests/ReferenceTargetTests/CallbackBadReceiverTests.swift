import Foundation
import Glibc
import HTTPServer
import Synchronization
import Testing
@testable import ReferenceTarget

/// Callback receivers that misbehave must cost the other receivers nothing: no delay, no lost slot, and a
/// bounded queue. Each test waits on wall time, at most 5 s, with the attempt timeout set far beyond that
/// where a healthy delivery stuck behind a dead one would show up as a wait.
@Suite struct CallbackBadReceiverTests {
    /// A receiver that takes connections but never gives an answer.
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        /// Listens and never accepts: connections fill its backlog, then connects hang.
        case neverAccepts
        /// Accepts and reads the request, never answers.
        case neverAnswers
        /// Closes every connection unanswered, as a receiver out of descriptors sheds them.
        case closesAtOnce

        var testDescription: String { rawValue }
    }

    /// A running bad receiver on 127.0.0.1.
    final class BadReceiver {
        let port: UInt16
        private var server: HTTPServer?
        private var listener: Int32 = -1

        init(_ kind: Kind) throws {
            switch kind {
            case .neverAccepts:
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                listener = fd
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let bound = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
                    }
                }
                guard bound else { throw HTTPServerError(operation: "bad receiver listen", code: errno) }
                port = UInt16(bigEndian: address.sin_port)
            case .neverAnswers, .closesAtOnce:
                let reply: HTTPReply = kind == .closesAtOnce
                    ? .close : .respondAfter(nanoseconds: 60_000_000_000, HTTPResponse(status: 204))
                let server = HTTPServer { _ in reply }
                port = try server.start()
                self.server = server
            }
        }

        func stop() {
            server?.stop()
            if listener >= 0 { close(listener) }
        }
    }

    /// Callbacks a healthy receiver got.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// A receiver answering 204 that counts what it got.
    private func healthyReceiver() throws -> (HTTPServer, UInt16, Counter) {
        let count = Counter()
        let server = HTTPServer { _ in
            count.value.add(1, ordering: .relaxed)
            return .respond(HTTPResponse(status: 204))
        }
        return (server, try server.start(), count)
    }

    /// Waits (5 ms steps, at most `seconds`) until `done` holds; returns whether it did.
    private func wait(seconds: Double = 5, until done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() {
            if Date() > deadline { return false }
            usleep(5_000)
        }
        return true
    }

    private func callback(_ answer: Answer) -> [String: Any] { answer.json["callback"] as? [String: Any] ?? [:] }

    private func submit(_ c: DialectClient, to port: UInt16) -> String {
        c.submit(body: #"{"callback_url":"http://127.0.0.1:\#(port)/hook"}"#).id
    }

    @Test(arguments: Kind.allCases)
    func badReceiverDoesNotDelayAHealthyOneRegisteredAfterIt(kind: Kind) throws {
        let bad = try BadReceiver(kind)
        defer { bad.stop() }
        let (healthy, healthyPort, received) = try healthyReceiver()
        defer { healthy.stop() }
        // 10 s per attempt: were the healthy delivery queued behind the bad ones, it would wait that long.
        let f = Fixture(.beatra, callbacks: CallbackPolicy(attemptTimeout: 10_000_000_000))
        defer { f.target.shutdown() }
        let c = DialectClient(f, .beatra)
        // More than a thread pool would run at once: blocking workers would all be stuck on these.
        for _ in 0..<200 { _ = submit(c, to: bad.port) }
        f.advance(ms: 2000)
        #expect(wait { f.target.callbackStats.attempts >= 8 })  // the bad backlog is being worked on
        let id = submit(c, to: healthyPort)
        f.advance(ms: 2000)
        #expect(wait { received.value.load(ordering: .relaxed) == 1 })
        #expect(wait { callback(c.read(id))["status"] as? String == "delivered" })
        #expect(f.target.callbackStats.delivered == 1)
    }

    @Test func fullQueueDropsNewDeliveriesAndCountsThem() throws {
        let bad = try BadReceiver(.neverAnswers)
        defer { bad.stop() }
        let f = Fixture(.beatra, callbacks: CallbackPolicy(maxPending: 5, attemptTimeout: 10_000_000_000))
        defer { f.target.shutdown() }
        let c = DialectClient(f, .beatra)
        let ids = (0..<20).map { _ in submit(c, to: bad.port) }
        f.advance(ms: 2000)
        // The 5 first held stay in flight for 10 s, so every later one finds the queue full.
        #expect(wait { f.target.callbackStats.pending + f.target.callbackStats.dropped == 20 })
        let stats = f.target.callbackStats
        #expect(stats.pending == 5)
        #expect(stats.dropped == 15)
        let dropped = ids.map { callback(c.read($0)) }.filter { $0["status"] as? String == "failed" }
        #expect(dropped.count == 15)
        #expect(dropped.allSatisfy { $0["attempt_count"] as? Int == 0 })
        #expect(dropped.allSatisfy { ($0["last_error"] as? String)?.contains("5 callbacks were already pending") == true })
    }

    @Test(arguments: [Kind.neverAnswers, .closesAtOnce])
    func deadReceiversBacklogFailsFastOnceItsCircuitOpens(kind: Kind) throws {
        let bad = try BadReceiver(kind)
        defer { bad.stop() }
        let f = Fixture(.beatra, callbacks: CallbackPolicy(attemptTimeout: 300_000_000))
        defer { f.target.shutdown() }
        let c = DialectClient(f, .beatra)
        let ids = (0..<30).map { _ in submit(c, to: bad.port) }
        f.advance(ms: 2000)
        // Without the breaker: 30 deliveries × 4 attempts, 8 at a time, 300 ms each when unanswered.
        #expect(wait { f.target.callbackStats.failed == 30 })
        let stats = f.target.callbackStats
        #expect(stats.skipped > 0)
        #expect(stats.attempts < 30 * 4)
        #expect(stats.pending == 0)
        let states = ids.map { callback(c.read($0)) }
        #expect(states.allSatisfy { $0["status"] as? String == "failed" })
        #expect(states.contains { ($0["last_error"] as? String)?.contains("gave no answer") == true })
    }
}
