import Glibc
import Testing
@testable import HTTPServer

/// Malformed, hostile and vanishing clients: the server answers what it can and keeps serving.
struct HTTPServerRobustnessTests {
    /// Asserts the server still answers a normal request on a fresh connection.
    private func expectStillServing(_ port: UInt16) throws {
        let client = try TestClient(port: port)
        try client.send("GET /alive HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "GET /alive ")
    }

    @Test(arguments: [
        // Not HTTP at all.
        ("GARBAGE\r\n\r\n", 400, "bad request line"),
        // HTTP/2 version in an HTTP/1 request line.
        ("GET / HTTP/2.0\r\n\r\n", 505, "HTTP version not supported"),
        // Header without a colon.
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400, "header field without colon"),
        // Transfer coding the server cannot decode.
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "unsupported transfer coding"),
        // Body above 1 MiB, refused from the header alone.
        ("POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413, "body too large"),
        // 20 KiB of headers.
        ("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 20_000) + "\r\n\r\n", 431,
         "request header section too large"),
    ])
    func malformedRequestGetsJSONErrorAndClose(raw: String, status: Int, reason: String) throws {
        try withServer { server, port in
            let client = try TestClient(port: port)
            try client.send(raw)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.text == "{\"error\":\"\(reason)\",\"code\":\(status)}")
            #expect(try client.readsEOF())
            #expect(server.stats.parseErrors == 1)
        }
    }

    @Test func goodRequestsBeforeABadOneAreStillAnswered() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /first HTTP/1.1\r\n\r\nBAD LINE\r\n\r\nGET /never HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse().text == "GET /first ")
            #expect(try client.readResponse().status == 400)
            #expect(try client.readsEOF())
        }
    }

    @Test func binaryGarbageDoesNotCrashTheServer() throws {
        try withServer { _, port in
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for _ in 0..<8 {
                let client = try TestClient(port: port)
                let garbage: [UInt8] = (0..<8192).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return UInt8(truncatingIfNeeded: state >> 56)
                }
                // The server may close mid-send; a failed send is fine, a crash is not.
                try? client.send(garbage)
            }
            try expectStillServing(port)
        }
    }

    @Test(arguments: [
        // Half a request line, then FIN.
        ("GET /par", false),
        // Full head, body cut short, then FIN.
        ("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nshort", false),
        // Half a request line, then RST.
        ("GET /par", true),
        // A request whose answer the client never reads, then RST.
        ("GET /big HTTP/1.1\r\n\r\n", true),
    ])
    func clientVanishingMidRequestIsHarmless(raw: String, reset: Bool) throws {
        try withServer { server, port in
            do {
                let client = try TestClient(port: port)
                try client.send(raw)
                if reset { client.reset() }
            }
            sleepMilliseconds(50)
            try expectStillServing(port)
            // The vanished connection is closed; only the probe's may still be open (it closes on deinit).
            #expect(server.stats.connectionsOpen <= 1)
        }
    }

    @Test func halfClosedClientStillGetsItsAnswers() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /a HTTP/1.1\r\n\r\nGET /slow HTTP/1.1\r\n\r\n")
            shutdown(client.fd, Int32(SHUT_WR))
            #expect(try client.readResponse().text == "GET /a ")
            #expect(try client.readResponse().text == "slow")
            #expect(try client.readsEOF())
        }
    }

    @Test func idleSlowlorisConnectionIsClosed() throws {
        try withServer(idleTimeout: .milliseconds(200)) { server, port in
            let client = try TestClient(port: port, timeoutMilliseconds: 3000)
            try client.send("GET / HTTP/1.1\r\nX-Slow: ")
            #expect(try client.readsEOF())
            // EOF arrives when the server shuts its write side; it counts the connection closed once its
            // drain ends, so wait for the counter (bounded) instead of racing it.
            var waited = 0
            while server.stats.connectionsOpen > 0, waited < 3000 { sleepMilliseconds(20); waited += 20 }
            #expect(server.stats.connectionsOpen == 0)
        }
    }
}
