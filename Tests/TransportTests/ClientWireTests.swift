import Foundation
import Testing
@testable import Transport

/// What goes on the wire and what comes back from servers that answer oddly or badly: both clients must send
/// the same request and name each odd answer the same way.
@Suite(.serialized) struct ClientWireTests {
    /// One exchange against a scripted server.
    func exchange(_ kind: TransportChoice, _ request: (UInt16) -> ClientRequest, timeout: Int = 2000,
                  maxBody: Int = 8 << 20, script: @escaping @Sendable (RawServer.Peer, RawServer) -> Void) throws -> (ClientResponse?, RawServer) {
        let server = try RawServer(script)
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: timeout, maxBodyBytes: maxBody)
        client.start(request(server.port))
        return (collect(client, 1).first, server)
    }

    /// Answers one request with `answer`, then closes.
    static func answering(_ answer: String) -> @Sendable (RawServer.Peer, RawServer) -> Void {
        { peer, server in
            guard let r = peer.readRequest() else { return }
            server.note(r)
            peer.write(answer)
        }
    }

    func header(_ request: String, _ name: String) -> [String] {
        request.split(separator: "\r\n").dropFirst().compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == name.lowercased() ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        }
    }

    @Test(arguments: bothClients) func sendsOnlyWhatTheCallerAsked(_ kind: TransportChoice) throws {
        let (r, server) = try exchange(kind, { ClientRequest(tag: 1, method: "POST", url: "http://127.0.0.1:\($0)/v1/x?y=1#frag", headers: ["Authorization: Bearer t", "X-A: 1"]) },
                                       script: Self.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
        #expect(r?.status == 200 && r?.body == Array("ok".utf8))
        let sent = try #require(server.seen.first)
        #expect(sent.hasPrefix("POST /v1/x?y=1 HTTP/1.1\r\n"), "\(sent)")
        #expect(header(sent, "host") == ["127.0.0.1:\(server.port)"])
        #expect(header(sent, "content-length") == ["0"], "an empty POST says its length")
        #expect(header(sent, "authorization") == ["Bearer t"] && header(sent, "x-a") == ["1"])
        for absent in ["accept", "expect", "content-type", "user-agent", "transfer-encoding"] {
            #expect(header(sent, absent).isEmpty, "\(absent) was sent: \(sent)")
        }
        #expect(r?.sends == 1 && r?.resent == false && r?.newConnections == 1)
    }

    @Test(arguments: bothClients) func aBodyGoesWithItsLengthAndAnEmptyHeaderRemovesNothingItSends(_ kind: TransportChoice) throws {
        let (r, server) = try exchange(kind, { ClientRequest(tag: 1, method: "PUT", url: "http://127.0.0.1:\($0)/p", headers: ["Content-Type: application/json", "X-Gone:"], body: Array("{\"a\":1}".utf8)) },
                                       script: Self.answering("HTTP/1.1 204 No Content\r\n\r\n"))
        #expect(r?.status == 204 && r?.body == [])
        let sent = try #require(server.seen.first)
        #expect(sent.hasPrefix("PUT /p HTTP/1.1\r\n"))
        #expect(header(sent, "content-length") == ["7"] && header(sent, "content-type") == ["application/json"])
        #expect(header(sent, "x-gone").isEmpty)
        #expect(sent.hasSuffix("\r\n\r\n{\"a\":1}"))
    }

    @Test(arguments: bothClients) func readsAChunkedBody(_ kind: TransportChoice) throws {
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/c") },
                                  script: Self.answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\nX-Trailer: t\r\n\r\n"))
        #expect(r?.error == nil && r.map { String(decoding: $0.body, as: UTF8.self) } == "{\"a\":1}")
    }

    @Test(arguments: bothClients) func readsABodyThatRunsUntilClose(_ kind: TransportChoice) throws {
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/c") },
                                  script: Self.answering("HTTP/1.0 200 OK\r\n\r\nuntil close"))
        #expect(r?.error == nil && r?.status == 200 && r?.body == Array("until close".utf8))
    }

    @Test(arguments: bothClients) func skipsAnInterimAnswer(_ kind: TransportChoice) throws {
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/c", captureHeaders: true) },
                                  script: Self.answering("HTTP/1.1 100 Continue\r\nX-Early: 1\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 1\r\nX-Real: 2\r\n\r\nA"))
        #expect(r?.status == 202 && r?.body == Array("A".utf8))
        #expect(r?.headers.map(\.name).contains("X-Real") == true && r?.headers.map(\.name).contains("X-Early") == false)
    }

    @Test(arguments: bothClients) func aReplyThatIsNotHTTPIsProtocol(_ kind: TransportChoice) throws {
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/") },
                                  script: Self.answering("SSH-2.0-OpenSSH_9.2\r\n\r\n"))
        #expect(r?.error == .protocol && r?.status == 0)
    }

    @Test(arguments: bothClients) func aBodyCutShortIsReset(_ kind: TransportChoice) throws {
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/") },
                                  script: Self.answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"))
        #expect(r?.error == .reset && r?.status == 0)
    }

    @Test(arguments: bothClients) func anAnswerTooSlowTimesOutEvenMidBody(_ kind: TransportChoice) throws {
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/") }, timeout: 150) { peer, _ in
            _ = peer.readRequest()
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome")
            Thread.sleep(forTimeInterval: 0.6)
        }
        #expect(r?.error == .timeout)
    }

    /// A kept-alive connection that dies before any answer: the request goes again on a fresh connection, and
    /// the answer says it was sent twice (the server may have acted on the first).
    @Test(arguments: bothClients) func aKeptAliveConnectionThatDiesIsResentAndSaysSo(_ kind: TransportChoice) throws {
        let server = try RawServer { peer, server in
            if peer.index == 0 {
                guard let first = peer.readRequest() else { return }
                server.note(first)
                peer.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1")
                guard let second = peer.readRequest() else { return }
                server.note(second)  // read, then the connection closes without an answer
            } else {
                guard let again = peer.readRequest() else { return }
                server.note(again)
                peer.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2")
                Thread.sleep(forTimeInterval: 0.3)
            }
        }
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: 2000)
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\(server.port)/a"))
        let first = collect(client, 1)
        client.start(ClientRequest(tag: 2, method: "POST", url: "http://127.0.0.1:\(server.port)/b"))
        let second = collect(client, 1)
        #expect(first.first?.body == Array("1".utf8) && first.first?.sends == 1)
        let r = try #require(second.first)
        #expect(r.status == 200 && r.body == Array("2".utf8))
        #expect(r.sends == 2 && r.resent && r.newConnections == 1)
        #expect(server.seen.count == 3 && server.seen[1] == server.seen[2])
        #expect(client.connectionsOpened == 2)
    }

    /// A fresh connection that dies before any answer is never resent: that is the server's answer.
    @Test(arguments: bothClients) func aFreshConnectionThatDiesIsResetNotResent(_ kind: TransportChoice) throws {
        let (r, server) = try exchange(kind, { ClientRequest(tag: 1, method: "POST", url: "http://127.0.0.1:\($0)/") }) { peer, server in
            if let req = peer.readRequest() { server.note(req) }
        }
        #expect(r?.error == .reset && r?.sends == 1 && r?.resent == false)
        #expect(server.seen.count == 1)
    }

    @Test(arguments: bothClients) func closeAfterTheAnswerOpensANewConnection(_ kind: TransportChoice) throws {
        let server = try RawServer { peer, server in
            guard let req = peer.readRequest() else { return }
            server.note(req)
            peer.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        }
        defer { server.stop() }
        let client = try kind.makeClient(for: "http://127.0.0.1/", maxConnections: 1, timeoutMilliseconds: 2000)
        for tag in 0..<3 {
            client.start(ClientRequest(tag: tag, method: "GET", url: "http://127.0.0.1:\(server.port)/"))
            let r = collect(client, 1).first
            #expect(r?.status == 200 && r?.sends == 1 && r?.newConnections == 1)
        }
        #expect(client.connectionsOpened == 3)
    }

    @Test(arguments: bothClients) func aHeadOver300KiBIsRefused(_ kind: TransportChoice) throws {
        let filler = String(repeating: "X-Filler: " + String(repeating: "a", count: 1000) + "\r\n", count: 400)
        let (r, _) = try exchange(kind, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/") },
                                  script: Self.answering("HTTP/1.1 200 OK\r\n" + filler + "Content-Length: 0\r\n\r\n"))
        #expect(r?.error != nil && r?.status == 0)
    }

    @Test func theNativeClientNeverSendsAControlCharacterInAHeader() throws {
        let (r, server) = try exchange(.native, { ClientRequest(tag: 1, method: "GET", url: "http://127.0.0.1:\($0)/", headers: ["X-Evil: a\r\nX-Injected: 1"]) },
                                       script: Self.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
        #expect(r?.error == .unsafe && r?.sends == 0)
        #expect(server.seen.isEmpty)
    }

    @Test func theNativeClientRefusesAURLItCannotSendAsProtocol() throws {
        let client = try NativeClient(maxConnections: 1, timeoutMilliseconds: 1000)
        client.start(ClientRequest(tag: 1, method: "GET", url: "https://127.0.0.1:1/"))
        client.start(ClientRequest(tag: 2, method: "GET", url: "http://127.0.0.1:1/a b"))
        let r = collect(client, 2).sorted { $0.tag < $1.tag }
        #expect(r.map(\.error) == [.protocol, .protocol] && r.allSatisfy { $0.sends == 0 })
        #expect(client.inFlight == 0)
    }

    @Test func theNativeClientResolvesLocalhost() throws {
        let server = try RawServer(Self.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
        defer { server.stop() }
        let client = try NativeClient(maxConnections: 1, timeoutMilliseconds: 2000)
        client.start(ClientRequest(tag: 1, method: "GET", url: "http://localhost:\(server.port)/"))
        let r = collect(client, 1).first
        #expect(r?.status == 200, "\(String(describing: r?.errorDetail))")
        #expect(server.seen.first.map { header($0, "host") } == ["localhost:\(server.port)"])
    }
}
