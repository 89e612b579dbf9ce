import HTTPServer
import Testing
@testable import Transport

/// Runs the client until `count` responses arrive or 5 s pass.
func collect(_ client: any HTTPClient, _ count: Int) -> [ClientResponse] {
    var out: [ClientResponse] = []
    let deadline = MonotonicClock.nanoseconds() + 5_000_000_000
    while out.count < count, MonotonicClock.nanoseconds() < deadline {
        client.poll(timeoutMilliseconds: 50) { out.append($0) }
    }
    return out
}

@Suite(.serialized) struct ClientTests {
    @Test(arguments: bothClients) func sendsMethodHeadersAndBodyAndReadsTheAnswer(_ kind: TransportChoice) throws {
        let server = HTTPServer(handler: { r in
            let echo = "\(r.method) \(r.target) \(r.header("x-test") ?? "-") \(String(decoding: r.body, as: UTF8.self))"
            return .respond(HTTPResponse(status: 201, headers: [("X-Echo", "yes")], body: Array(echo.utf8)))
        })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 2, timeoutMilliseconds: 2000)
        client.start(ClientRequest(tag: 7, method: "POST", url: "http://127.0.0.1:\(port)/a?b=1", headers: ["X-Test: t"],
                                   body: Array("{\"k\":1}".utf8), captureHeaders: true))
        client.start(ClientRequest(tag: 8, method: "GET", url: "http://127.0.0.1:\(port)/g"))
        client.start(ClientRequest(tag: 9, method: "DELETE", url: "http://127.0.0.1:\(port)/d"))
        let responses = collect(client, 3).sorted { $0.tag < $1.tag }
        #expect(responses.map(\.status) == [201, 201, 201])
        #expect(String(decoding: responses[0].body, as: UTF8.self) == "POST /a?b=1 t {\"k\":1}")
        #expect(String(decoding: responses[1].body, as: UTF8.self) == "GET /g - ")
        #expect(String(decoding: responses[2].body, as: UTF8.self) == "DELETE /d - ")
        #expect(responses[0].headers.contains { $0.name == "X-Echo" && $0.value == "yes" })
        for r in responses {
            #expect(r.startedAt <= r.sentAt && r.sentAt <= r.completedAt)
            #expect(r.bytesSent > 0 && r.bytesReceived > 0)
        }
    }

    @Test(arguments: bothClients) func keepsConnectionsAliveUpToTheCap(_ kind: TransportChoice) throws {
        let server = HTTPServer(handler: { _ in .respond(.json(200, "{}")) })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 4, timeoutMilliseconds: 2000)
        var done = 0
        for round in 0..<25 {
            for i in 0..<8 { client.start(ClientRequest(tag: round * 8 + i, method: "GET", url: "http://127.0.0.1:\(port)/x")) }
            done += collect(client, 8).filter { $0.status == 200 }.count
        }
        #expect(done == 200)
        #expect(client.connectionsOpened == 4)
        #expect(server.stats.connectionsAccepted == 4)
    }

    @Test(arguments: bothClients) func timeoutIsACategoryNotACrash(_ kind: TransportChoice) throws {
        let server = HTTPServer(handler: { _ in .respondAfter(nanoseconds: 2_000_000_000, .json(200, "{}")) })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: 100)
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\(port)/slow"))
        let r = collect(client, 1)
        #expect(r.first?.error == .timeout)
        #expect(r.first?.status == 0)
    }

    @Test(arguments: bothClients) func droppedConnectionIsReset(_ kind: TransportChoice) throws {
        let server = HTTPServer(handler: { _ in .close })
        let port = try server.start()
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: 2000)
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\(port)/drop"))
        #expect(collect(client, 1).first?.error == .reset)
    }

    @Test(arguments: bothClients) func refusedConnectionIsConnect(_ kind: TransportChoice) throws {
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: 2000)
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:9/"))
        #expect(collect(client, 1).first?.error == .connect)
    }
}

/// Both clients: every transport test runs on each.
let bothClients: [TransportChoice] = [.native, .curl]
