import HTTPServer
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Transport

/// The client's own bounds: a body cap, and at most `maxConnections` exchanges inside libcurl.
@Suite(.serialized) struct ClientLimitsTests {
    @Test(arguments: bothClients) func aBodyOverTheCapIsCutOffAsItsOwnCategory(_ kind: TransportChoice) throws {
        let big = [UInt8](repeating: 0x61, count: 300_000)
        let server = HTTPServer(handler: { r in .respond(HTTPResponse(status: 200, body: r.target == "/big" ? big : Array("ok".utf8))) })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 2, timeoutMilliseconds: 2000, maxBodyBytes: 65_536)
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\(port)/big"))
        client.start(ClientRequest(tag: 2, method: "GET", url: "http://127.0.0.1:\(port)/small"))
        let r = collect(client, 2).sorted { $0.tag < $1.tag }
        #expect(r.map(\.error) == [.bodyTooLarge, nil])
        #expect(r[0].status == 0 && r[0].body.count <= 65_536)
        #expect(r[1].body == Array("ok".utf8))
    }

    /// 200 requests on 4 connections: never more than 4 inside libcurl (the rest wait as plain values), every
    /// one answered; a stopping run can take back those still waiting.
    @Test(arguments: bothClients) func requestsBeyondTheConnectionsWaitOutsideLibcurl(_ kind: TransportChoice) throws {
        let server = HTTPServer(handler: { _ in .respondAfter(nanoseconds: 2_000_000, .json(200, "{}")) })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 4, timeoutMilliseconds: 5000)
        for tag in 0..<200 { client.start(ClientRequest(tag: tag, method: "GET", url: "http://127.0.0.1:\(port)/x")) }
        #expect(client.inFlight == 200)
        let answers = collect(client, 150)  // a poll may bring a few more
        #expect(answers.count >= 150 && answers.allSatisfy { $0.status == 200 })
        #expect(client.connectionsOpened == 4)
        let dropped = client.dropWaiting()
        #expect(client.inFlight <= 4)
        #expect(dropped.count + client.inFlight == 200 - answers.count)
        #expect(Set(dropped).isDisjoint(with: answers.map(\.tag)))
    }

    @Test func aRequestTheHarnessWouldNotSendIsItsOwnCategory() {
        let r = ClientResponse.notSent(tag: 3, at: 10)
        #expect(r.error == .unsafe && r.status == 0 && r.error?.isHarnessLimit == true)
    }
}

/// Exchanges that fail at once (here a URL no client sends) and are started again from each report, as `attack`
/// does: `poll` must still return, and an exchange in progress beside them must still be answered.
@Suite(.serialized) struct ClientStarvationTests {
    @Test(arguments: bothClients) func failuresStartedFromReportsNeitherSpinNorStarve(_ kind: TransportChoice) throws {
        let server = HTTPServer(handler: { _ in .respondAfter(nanoseconds: 20_000_000, .json(200, "{}")) })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 4, timeoutMilliseconds: 2000)
        let bad = ClientRequest(tag: -1, method: "GET", url: "http://127.0.0.1:\(port)/a b")
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\(port)/slow"))
        for _ in 0..<3 { client.start(bad) }
        var answered: ClientResponse?
        var failures = 0, polls = 0
        let deadline = MonotonicClock.nanoseconds() + 3_000_000_000
        while answered == nil, MonotonicClock.nanoseconds() < deadline {
            client.poll(timeoutMilliseconds: 10) { r in
                if r.tag == 1 { answered = r } else { failures += 1; client.start(bad) }
            }
            polls += 1
        }
        #expect(answered?.status == 200, "the exchange in progress starved beside \(failures) failures in \(polls) polls")
        #expect(failures > 0)
    }
}

/// A stop raised after the run: the waker outlives its client (StopSignal keeps it) and must then do nothing,
/// never touch a freed multi handle or a descriptor number that now names something else.
@Suite struct LateWakeTests {
    @Test(arguments: bothClients) func aWakeAfterTheClientIsGoneIsHarmless(_ kind: TransportChoice) throws {
        var client: (any HTTPClient)? = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: 1000)
        let waker = client!.waker
        waker.wake()
        client = nil
        // A descriptor opened now may take the number the client's eventfd had: a late wake must not write to it.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        for _ in 0..<3 { waker.wake() }
        var probe: UInt8 = 0
        let flags = fcntl(fds[0], F_GETFL)
        _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
        #expect(read(fds[0], &probe, 1) == -1, "a late wake wrote into a pipe that took the client's descriptor number")
    }
}
