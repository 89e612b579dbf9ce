import Testing
@testable import HTTPServer

/// Feeds `raw` in one piece and collects requests until the parser needs more bytes or fails.
func parseAll(_ raw: [UInt8], limits: HTTPParser.Limits = .init()) -> (requests: [HTTPRequest], error: HTTPParseError?) {
    var parser = HTTPParser(limits: limits)
    parser.append(raw)
    var requests: [HTTPRequest] = []
    do {
        while let request = try parser.next() { requests.append(request) }
        return (requests, nil)
    } catch {
        return (requests, error)
    }
}

func parseAll(_ raw: String, limits: HTTPParser.Limits = .init()) -> (requests: [HTTPRequest], error: HTTPParseError?) {
    parseAll(Array(raw.utf8), limits: limits)
}

/// Request line and header syntax.
struct HTTPParserTests {
    @Test func parsesRequestLineHeadersAndTarget() throws {
        let result = parseAll("GET /v1/jobs/?jobid=abc HTTP/1.1\r\nHost: localhost\r\nX-Mixed-Case:   padded value \t\r\n\r\n")
        #expect(result.error == nil)
        let request = try #require(result.requests.first)
        #expect(result.requests.count == 1)
        #expect(request.method == "GET")
        #expect(request.target == "/v1/jobs/?jobid=abc")
        #expect(request.path == "/v1/jobs/")
        #expect(request.query == "jobid=abc")
        #expect(request.minorVersion == 1)
        #expect(request.headers.map(\.name) == ["host", "x-mixed-case"])
        #expect(request.header("X-MIXED-CASE") == "padded value")
        #expect(request.body.isEmpty)
    }

    @Test func parsesHTTP10() throws {
        let request = try #require(parseAll("GET / HTTP/1.0\r\n\r\n").requests.first)
        #expect(request.minorVersion == 0)
    }

    // Policy: a bare LF ends a line everywhere, as RFC 9112 §2.2 allows; the result equals the CRLF form.
    @Test func acceptsBareLineFeeds() throws {
        let result = parseAll("POST /x HTTP/1.1\nContent-Length: 2\nA: b\n\nhi")
        let request = try #require(result.requests.first)
        #expect(result.error == nil)
        #expect(request.header("a") == "b")
        #expect(request.body == Array("hi".utf8))
    }

    @Test func skipsEmptyLinesBeforeARequest() {
        let result = parseAll("\r\n\r\nGET / HTTP/1.1\r\n\r\n")
        #expect(result.error == nil)
        #expect(result.requests.map(\.target) == ["/"])
    }

    @Test(arguments: [
        // HTTP/0.9 style: no version at all.
        ("GET /\r\n\r\n", 400),
        // Two spaces between method and target.
        ("GET  / HTTP/1.1\r\n\r\n", 400),
        // '@' is not a token character, so not a method.
        ("G@T / HTTP/1.1\r\n\r\n", 400),
        // A space inside the target splits it.
        ("GET /a b HTTP/1.1\r\n\r\n", 400),
        // Raw UTF-8 in the target must be percent-encoded.
        ("GET /é HTTP/1.1\r\n\r\n", 400),
        // Lower-case protocol name.
        ("GET / http/1.1\r\n\r\n", 400),
        // Version with trailing junk.
        ("GET / HTTP/1.1x\r\n\r\n", 400),
        // Trailing space after the version.
        ("GET / HTTP/1.1 \r\n\r\n", 400),
        // HTTP/2 in an HTTP/1 request line: well formed but unsupported.
        ("GET / HTTP/2.0\r\n\r\n", 505),
        // HTTP/0.9 spelled as a version.
        ("GET / HTTP/0.9\r\n\r\n", 505),
        // Header without a colon.
        ("GET / HTTP/1.1\r\nHost localhost\r\n\r\n", 400),
        // Obsolete line folding: a continuation line starting with spaces.
        ("GET / HTTP/1.1\r\nX-A: one\r\n  two\r\n\r\n", 400),
        // Folding with a tab.
        ("GET / HTTP/1.1\r\nX-A: one\r\n\ttwo\r\n\r\n", 400),
        // Whitespace between the name and the colon (a smuggling vector).
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        // Space inside a header name.
        ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
        // Invalid token character in a header name.
        ("GET / HTTP/1.1\r\nX(y): x\r\n\r\n", 400),
        // Empty header name.
        ("GET / HTTP/1.1\r\n: x\r\n\r\n", 400),
        // NUL inside a header value.
        ("GET / HTTP/1.1\r\nX-A: a\u{0}b\r\n\r\n", 400),
        // Bare CR inside a header value.
        ("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n", 400),
        // Bare CR ending the request line instead of CRLF.
        ("GET / HTTP/1.1\r\r\n\r\n", 400),
    ])
    func rejectsMalformedHeads(raw: String, status: Int) {
        let result = parseAll(raw)
        #expect(result.requests.isEmpty)
        #expect(result.error?.status == status, "\(raw.debugDescription)")
    }

    @Test func errorIsStickyAndStopsLaterRequests() throws {
        var parser = HTTPParser()
        parser.append(Array("GET / HTTP/1.1\r\n\r\nBROKEN\r\n\r\nGET / HTTP/1.1\r\n\r\n".utf8))
        #expect(try parser.next() != nil)
        #expect(throws: HTTPParseError.bad("bad request line")) { try parser.next() }
        #expect(throws: HTTPParseError.bad("bad request line")) { try parser.next() }
    }

    @Test func tooManyHeaderFieldsIs431() {
        let fields = (0..<101).map { "X-\($0): v\r\n" }.joined()
        #expect(parseAll("GET / HTTP/1.1\r\n\(fields)\r\n").error?.status == 431)
        let allowed = (0..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(parseAll("GET / HTTP/1.1\r\n\(allowed)\r\n").requests.count == 1)
    }

    @Test(arguments: [
        // Exactly at the limit (request line 16 + field 46 + final CRLF 2 = 64 bytes): accepted.
        (46, true),
        // One byte over the limit: 431.
        (47, false),
    ])
    func headLimitIsExact(fieldBytes: Int, accepted: Bool) {
        let limits = HTTPParser.Limits(maxHeadBytes: 64)
        let field = "X: " + String(repeating: "a", count: fieldBytes - 5) + "\r\n"
        let result = parseAll("GET / HTTP/1.1\r\n" + field + "\r\n", limits: limits)
        #expect(result.requests.count == (accepted ? 1 : 0))
        #expect(result.error?.status == (accepted ? nil : 431))
    }

    @Test func oversizedHeadIs431EvenBeforeItEnds() {
        // 17 KiB of header with no blank line yet: the parser must not keep buffering.
        let result = parseAll("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 17 * 1024))
        #expect(result.error?.status == 431)
        let longLine = parseAll("GET /" + String(repeating: "a", count: 17 * 1024))
        #expect(longLine.error?.status == 431)
    }

    @Test func incompleteHeadWaitsForMore() throws {
        var parser = HTTPParser()
        #expect(!parser.hasPartialRequest)
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.hasPartialRequest)
        parser.append(Array("\r\n".utf8))
        #expect(try parser.next()?.header("host") == "x")
        #expect(!parser.hasPartialRequest)
    }
}
