import Glibc
import Testing
@testable import HTTPServer

/// The server's defences against clients that hold connections: header timeout, idle timeout, connection cap.
///
/// Timeouts here are short (a few hundred ms) so the tests stay fast; every wait on the server is bounded by
/// 5 s and asserted with wide margins, so a loaded machine makes them slower, never wrong.
struct ConnectionLimitsTests {
    @Test(arguments: [
        // A header line that never ends, one byte per 100 ms: each byte is activity, so only the header
        // timeout (not the idle timeout) can end it.
        ("GET / HTTP/1.1\r\nX-Slow: ", "a", true),
        // A complete head, then a 10,000-byte body one byte per 100 ms: the body shares the deadline.
        ("POST / HTTP/1.1\r\nContent-Length: 10000\r\n\r\n", "b", true),
        // A connection that never sends a byte: closed without an answer it did not ask for.
        ("", nil, false),
    ] as [(String, String?, Bool)])
    func tricklingClientIsCutOffAtTheHeaderTimeout(prefix: String, drip: String?, answered: Bool) throws {
        try withServer(limits: ConnectionLimits(headerTimeout: .milliseconds(300))) { server, port in
            let start = monotonicMilliseconds()
            let client = try TestClient(port: port)
            if !prefix.isEmpty { try client.send(prefix) }
            while !client.hasDataNow(), monotonicMilliseconds() - start < 5000 {
                // A send racing the server's shutdown may fail; the reads below tell what happened.
                if let drip { try? client.send(drip) }
                sleepMilliseconds(100)
            }
            let elapsed = monotonicMilliseconds() - start
            #expect(elapsed >= 290, "closed before the header timeout")
            #expect(elapsed < 5000, "a trickle kept the connection open")
            if answered {
                let response = try client.readResponse()
                #expect(response.status == 408)
                #expect(response.header("Connection") == "close")
            }
            #expect(try client.readsEOF())
            #expect(server.stats.headerTimeouts == 1)
            #expect(server.stats.idleTimeouts == 0)
        }
    }

    @Test func slowHeadAndLongGapsBetweenRequestsAreNotTimedOut() throws {
        try withServer(limits: ConnectionLimits(headerTimeout: .seconds(1))) { server, port in
            let client = try TestClient(port: port)
            try client.send("GET /a HTTP/1.1\r\n")
            sleepMilliseconds(100)
            try client.send("\r\n")
            #expect(try client.readResponse().text == "GET /a ")
            // Between requests only the idle timeout runs, so a pause beyond the header timeout is fine.
            sleepMilliseconds(1200)
            try client.send("GET /b HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse().text == "GET /b ")
            #expect(server.stats.headerTimeouts == 0)
        }
    }

    @Test func timeSpentOnADelayedResponseIsNotTheClients() throws {
        let handler: HTTPHandler = { request in
            request.path == "/hold" ? .respondAfter(nanoseconds: 1_600_000_000, HTTPResponse(status: 200))
                                    : echoHandler(request)
        }
        try withServer(limits: ConnectionLimits(headerTimeout: .milliseconds(800)), handler: handler) { server, port in
            let client = try TestClient(port: port)
            // The next request's first half comes with the held one, whose answer takes twice the header
            // timeout: that time is the server's. The client then takes 300 ms to finish; were the hold
            // counted, a sweep (every 200 ms) would already have timed it out.
            try client.send("GET /hold HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n")
            #expect(try client.readResponse().status == 200)
            sleepMilliseconds(300)
            try client.send("\r\n")
            #expect(try client.readResponse().text == "GET /c ")
            #expect(server.stats.headerTimeouts == 0)
        }
    }

    @Test func idleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        try withServer(limits: ConnectionLimits(idleTimeout: .milliseconds(300))) { server, port in
            let client = try TestClient(port: port)
            try client.send("GET /once HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse().text == "GET /once ")
            let start = monotonicMilliseconds()
            #expect(try client.readsEOF())  // a plain close: no 408 for a connection between requests
            #expect(monotonicMilliseconds() - start >= 250)
            #expect(eventually { server.stats.connectionsOpen == 0 })
            #expect(server.stats.idleTimeouts == 1)
            #expect(server.stats.headerTimeouts == 0)
        }
    }

    @Test(arguments: [
        1,  // one loop
        2,  // two loops: the cap is the server's, shared, whichever listener the kernel picks
    ])
    func connectionsBeyondTheCapAreShedWhileTheFirstAreServed(loops: Int) throws {
        try withServer(loops: loops, limits: ConnectionLimits(maxConnections: 8)) { server, port in
            var kept: [TestClient] = []
            for i in 0..<8 {
                let client = try TestClient(port: port)
                try client.send("GET /first\(i) HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse().status == 200)
                kept.append(client)
            }
            for _ in 0..<4 {
                let extra = try TestClient(port: port)
                let response = try extra.readResponse()
                #expect(response.status == 503)
                #expect(response.header("Connection") == "close")
                #expect(try extra.readsEOF())
            }
            for (i, client) in kept.enumerated() {
                try client.send("GET /again\(i) HTTP/1.1\r\n\r\n")
                #expect(try client.readResponse().text == "GET /again\(i) ")
            }
            #expect(server.stats.connectionsShed == 4)
            #expect(server.stats.connectionsOpen == 8)
            // A closed connection gives its slot back.
            kept.removeLast()
            #expect(eventually { server.stats.connectionsOpen == 7 })
            let next = try TestClient(port: port)
            try next.send("GET /next HTTP/1.1\r\n\r\n")
            #expect(try next.readResponse().text == "GET /next ")
        }
    }

    @Test func defaultCapIsAtMost4096AndFitsTheDescriptorLimit() {
        let limits = ConnectionLimits()
        #expect(limits.maxConnections == min(4096, ConnectionLimits.descriptorBudget()))
        #expect(limits.idleTimeout == .seconds(60))
        #expect(limits.headerTimeout == .seconds(10))
        var rl = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl)
        #expect(ConnectionLimits.descriptorBudget() <= max(16, Int(clamping: rl.rlim_cur) - ConnectionLimits.reservedDescriptors))
    }

    @Test(arguments: [
        (Duration.seconds(10), Int64(10_000_000_000)),  // whole seconds
        (Duration.milliseconds(300), Int64(300_000_000)),  // below a second
        (Duration.seconds(Int64.max / 2), Int64.max),  // absurd: saturates instead of overflowing
    ])
    func durationsBecomeNanoseconds(duration: Duration, nanoseconds: Int64) {
        #expect(duration.clampedNanoseconds == nanoseconds)
    }
}
