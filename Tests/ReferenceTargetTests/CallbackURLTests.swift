import Testing
@testable import ReferenceTarget

@Suite struct CallbackURLTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/hook", 8080, "127.0.0.1", "/hook"),  // the usual form
        ("http://localhost:9/a/b?x=1", 9, "localhost", "/a/b?x=1"),  // localhost, query kept
        ("HTTP://LOCALHOST:65535", 65535, "LOCALHOST", "/"),  // case-insensitive scheme and host, no path
        ("http://127.0.0.1/cb#frag", 80, "127.0.0.1", "/cb"),  // default port, fragment dropped
        ("http://127.0.0.1:81?q", 81, "127.0.0.1", "/?q"),  // query without a path
    ] as [(String, Int, String, String)])
    func acceptsLoopbackHTTP(text: String, port: Int, host: String, path: String) throws {
        let url = try #require(CallbackURL(text))
        #expect(Int(url.port) == port)
        #expect(url.host == host)
        #expect(url.path == path)
    }

    @Test(arguments: [
        "https://127.0.0.1/hook",  // TLS: the client speaks plain HTTP only
        "http://example.com/hook",  // another host
        "http://127.0.0.2/hook",  // another loopback address is still not the one allowed
        "http://127.0.0.1.evil.com/hook",  // a suffix trick
        "http://user@127.0.0.1/hook",  // userinfo
        "http://evil.com@127.0.0.1/",  // userinfo hiding another host
        "http://[::1]:80/",  // IPv6 loopback is not served
        "http://127.0.0.1:0/",  // port 0
        "http://127.0.0.1:65536/",  // port out of range
        "http://127.0.0.1:/",  // empty port
        "http://127.0.0.1/a b",  // a space would break the request line
        "http://127.0.0.1/a\r\nX-Injected: 1",  // header injection
        "ftp://127.0.0.1/",  // another scheme
        "http://",  // nothing
        "",  // empty
    ])
    func refusesEverythingElse(text: String) {
        #expect(CallbackURL(text) == nil)
    }

    @Test(arguments: ["http://example.com/hook", "http://10.0.0.1:80/", "https://localhost/"])
    func submitWithNonLoopbackCallbackIs400(url: String) {
        let f = Fixture(.beatra)
        let answer = f.call("POST", "/v1/tasks", body: #"{"callback_url":"\#(url)"}"#)
        #expect(answer.status == 400)
        #expect(answer.text == #"{"error":{"code":"invalid_request","message":"callback_url must be a loopback http URL"}}"#)
    }
}
