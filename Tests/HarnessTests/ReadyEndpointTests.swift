import Testing
@testable import Harness

/// The ready URL's parts, and what counts as an HTTP/1 status line.
struct ReadyEndpointTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/health", "127.0.0.1", UInt16(8080), "/health"),
        ("http://localhost:9000", "localhost", 9000, "/"),  // no path: /
        ("HTTP://LocalHost:9000/x?y=1", "localhost", 9000, "/x?y=1"),  // case of scheme and host
        ("http://127.0.0.1?ready", "127.0.0.1", 80, "/?ready"),  // default port, a query only
        ("http://127.0.0.1:81/a#frag", "127.0.0.1", 81, "/a"),  // the fragment is never sent
    ])
    func parts(url: String, host: String, port: UInt16, path: String) throws {
        let endpoint = try ReadyEndpoint(url)
        #expect(endpoint.host == host && endpoint.port == port && endpoint.path == path)
    }

    @Test func statusLines() {
        #expect(ReadyEndpoint.isStatusLine(Array("HTTP/1.1 503 Service Unavailable\r\n".utf8)))
        #expect(ReadyEndpoint.isStatusLine(Array("HTTP/1.0 200 OK\r\n".utf8)))
        #expect(!ReadyEndpoint.isStatusLine(Array("HTTP/2 200\r\n".utf8)))
        #expect(!ReadyEndpoint.isStatusLine(Array("SSH-2.0-OpenSSH".utf8)))
        #expect(!ReadyEndpoint.isStatusLine(Array("HTTP/1.1 2".utf8)))
    }
}
