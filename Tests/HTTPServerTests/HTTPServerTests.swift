import Glibc
import Testing
@testable import HTTPServer

/// Normal traffic over real sockets on 127.0.0.1.
struct HTTPServerTests {
    @Test func keepAliveReusesOneConnection() throws {
        try withServer { server, port in
            let client = try TestClient(port: port)
            for i in 0..<5 {
                try client.send("GET /n/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "GET /n/\(i) ")
                #expect(response.header("X-Echo") == "1")
                #expect(response.header("Connection") == nil)
            }
            #expect(server.stats.connectionsAccepted == 1)
            #expect(server.stats.requestsServed == 5)
            #expect(server.stats.connectionsOpen == 1)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            let batch = (0..<20).map { "POST /p/\($0) HTTP/1.1\r\nContent-Length: 1\r\n\r\n\($0 % 10)" }.joined()
            try client.send(batch)
            for i in 0..<20 {
                #expect(try client.readResponse().text == "POST /p/\(i) \(i % 10)")
            }
        }
    }

    @Test(arguments: [
        // HTTP/1.1 keeps the connection by default.
        ("HTTP/1.1", "", nil as String?, false),
        // HTTP/1.1 with Connection: close.
        ("HTTP/1.1", "Connection: close\r\n", "close", true),
        // Connection options are case-insensitive lists.
        ("HTTP/1.1", "Connection: Keep-Alive, CLOSE\r\n", "close", true),
        // HTTP/1.0 closes by default.
        ("HTTP/1.0", "", "close", true),
        // HTTP/1.0 asking for keep-alive keeps it and says so.
        ("HTTP/1.0", "Connection: keep-alive\r\n", "keep-alive", false),
    ])
    func connectionPersistence(version: String, field: String, answer: String?, closes: Bool) throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /k \(version)\r\n\(field)\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == answer)
            if closes {
                #expect(try client.readsEOF())
            } else {
                try client.send("GET /again \(version)\r\n\(field)\r\n")
                #expect(try client.readResponse().text == "GET /again ")
            }
        }
    }

    @Test func closeReplyDropsTheConnectionWithoutAnAnswer() throws {
        try withServer { server, port in
            let client = try TestClient(port: port)
            try client.send("GET /drop HTTP/1.1\r\n\r\n")
            #expect(try client.readsEOF())
            #expect(server.stats.requestsServed == 0)
        }
    }

    @Test func delayedResponseHoldsBackLaterOnesButNotOtherConnections() throws {
        try withServer { _, port in
            let slow = try TestClient(port: port)
            try slow.send("GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\n")
            sleepMilliseconds(20)
            // Another connection is served while the first waits on its timer.
            let other = try TestClient(port: port)
            try other.send("GET /other HTTP/1.1\r\n\r\n")
            #expect(try other.readResponse().text == "GET /other ")
            #expect(!slow.hasDataNow())
            #expect(try slow.readResponse().text == "slow")
            #expect(try slow.readResponse().text == "GET /fast ")
        }
    }

    @Test func chunkedRequestBodyIsDecoded() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n!\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "POST /c hello!")
        }
    }

    @Test func expectContinueGetsAnInterimResponse() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("PUT /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try client.readResponse(bodyless: true)
            #expect(interim.status == 100)
            try client.send("data")
            #expect(try client.readResponse().text == "PUT /e data")
        }
    }

    @Test func headResponseHasLengthButNoBody() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("HEAD /h HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n")
            let head = try client.readResponse(bodyless: true)
            #expect(head.header("Content-Length") == "8")
            #expect(try client.readResponse().text == "GET /after ")
        }
    }

    @Test func largeResponsesSurvivePartialWrites() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /big HTTP/1.1\r\n\r\nGET /big HTTP/1.1\r\n\r\nGET /tail HTTP/1.1\r\n\r\n")
            // Let the server fill the socket buffers and fall back to EPOLLOUT before the client reads.
            sleepMilliseconds(50)
            #expect(try client.readResponse().body == bigBody)
            #expect(try client.readResponse().body == bigBody)
            #expect(try client.readResponse().text == "GET /tail ")
        }
    }

    @Test func twoLoopsServeManyConnections() throws {
        try withServer(loops: 2) { server, port in
            let clients = try (0..<16).map { _ in try TestClient(port: port) }
            for round in 0..<3 {
                for (i, client) in clients.enumerated() { try client.send("GET /l/\(i)/\(round) HTTP/1.1\r\n\r\n") }
                for (i, client) in clients.enumerated() {
                    #expect(try client.readResponse().text == "GET /l/\(i)/\(round) ")
                }
            }
            #expect(server.stats.connectionsAccepted == 16)
            #expect(server.stats.requestsServed == 48)
        }
    }

    @Test func stopIsCleanAndIdempotent() throws {
        let server = HTTPServer(handler: echoHandler)
        let port = try server.start()
        #expect(server.port == port)
        #expect(try server.start() == port)
        let client = try TestClient(port: port)
        try client.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        server.stop()
        #expect(try client.readsEOF())
        #expect(throws: TestClientError.self) { try TestClient(port: port) }
        server.stop()
        #expect(server.stats.requestsServed == 1)
        #expect(server.stats.connectionsOpen == 0)
    }

    @Test func stopWithoutStartAndBindConflictAreHarmless() throws {
        HTTPServer(handler: echoHandler).stop()
        try withServer { _, port in
            let second = HTTPServer(port: port, handler: echoHandler)
            #expect(throws: HTTPServerError.self) { try second.start() }
            second.stop()
        }
    }
}
