import Testing
@testable import Transport

/// The native client's response parser: the same answer whatever way its bytes are split across reads.
@Suite struct ResponseParserTests {
    /// Feeds `text` in pieces of `step` bytes; returns the parser and its last progress.
    func parse(_ text: String, step: Int, maxBody: Int = 1 << 20, head: Bool = false, close: Bool = false) -> (ResponseParser, ResponseParser.Progress) {
        var p = ResponseParser(maxBody: maxBody, captureHeaders: true, headRequest: head)
        let bytes = Array(text.utf8)
        var last = ResponseParser.Progress.needMore
        var i = 0
        while i < bytes.count {
            let piece = Array(bytes[i..<min(bytes.count, i + step)])
            last = piece.withUnsafeBufferPointer { p.feed($0) }
            i += step
            if last != .needMore { break }
        }
        if close, last == .needMore, p.finish() { last = .done(extra: 0) }
        return (p, last)
    }

    static let answers: [(String, Int, String)] = [
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "hello"),
        ("HTTP/1.1 201 Created\nContent-Length: 2\n\nok", 201, "ok"),  // bare LF, as libcurl accepts
        ("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, CHUNKED\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 200, "hello world"),
        ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 409 Conflict\r\nContent-Length: 3\r\n\r\nno!", 409, "no!"),
        ("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", 204, ""),
        ("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", 500, ""),
    ]

    @Test(arguments: [1, 2, 3, 7, 1000]) func theSameAnswerWhateverTheReads(_ step: Int) {
        for (text, status, body) in Self.answers {
            let (p, progress) = parse(text, step: step)
            #expect(progress == .done(extra: 0), "\(text.debugDescription) in pieces of \(step)")
            #expect(p.status == status && String(decoding: p.body, as: UTF8.self) == body)
            #expect(p.bytesReceived == text.utf8.count)
        }
    }

    @Test func headersAreKeptTrimmedAndTheInterimOnesForgotten() {
        let (p, _) = parse("HTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 200 OK\r\nX-Id:  j-1 \t\r\nContent-Length: 0\r\n\r\n", step: 4)
        #expect(p.headers.map(\.name) == ["X-Id", "Content-Length"])
        #expect(p.headers.first?.value == "j-1")
    }

    @Test func connectionCloseAndHTTP10AreNotKeptAlive() {
        #expect(parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n", step: 100).0.closeAfter)
        #expect(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", step: 100).0.closeAfter)
        #expect(!parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", step: 100).0.closeAfter)
        #expect(!parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", step: 100).0.closeAfter)
    }

    @Test func aBodyWithoutALengthRunsUntilClose() {
        let (p, progress) = parse("HTTP/1.1 200 OK\r\n\r\nall of it", step: 3, close: true)
        #expect(progress == .done(extra: 0) && p.body == Array("all of it".utf8) && p.closeAfter)
    }

    @Test func aHeadAnswerHasNoBody() {
        let (p, progress) = parse("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", step: 5, head: true)
        #expect(progress == .done(extra: 0) && p.body.isEmpty)
    }

    @Test func bytesAfterTheAnswerAreCounted() {
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxEXTRA", step: 100).1 == .done(extra: 5))
    }

    @Test func whatItRefuses() {
        let refused = [
            "HTTP/2 200\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "ICY 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        ]
        for text in refused {
            for step in [1, 1000] {
                guard case .failed(.malformed) = parse(text, step: step).1 else {
                    Issue.record("accepted \(text.debugDescription) in pieces of \(step)")
                    continue
                }
            }
        }
    }

    @Test func aHeadOverTheLimitIsRefusedBeforeItIsAllRead() {
        let text = "HTTP/1.1 200 OK\r\n" + String(repeating: "X: y\r\n", count: 60_000)
        guard case .failed(.malformed) = parse(text, step: 4096).1 else { Issue.record("a 360 KB head was read"); return }
    }

    @Test func aBodyOverTheCapIsItsOwnFailure() {
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", step: 4, maxBody: 8).1 == .failed(.bodyTooLarge))
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", step: 3, maxBody: 8).1 == .failed(.bodyTooLarge))
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n01234567", step: 3, maxBody: 8).1 == .done(extra: 0))
    }

    @Test func aCutShortAnswerIsNotComplete() {
        var (p, progress) = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01", step: 100)
        #expect(progress == .needMore && !p.finish())
        var q = ResponseParser(maxBody: 10, captureHeaders: false, headRequest: false)
        #expect(q.receivedNothing && !q.finish())
    }
}

/// How the native client splits a URL, and what it leaves to libcurl.
@Suite struct PlainURLTests {
    @Test func splitsWhatItSends() throws {
        let u = try PlainURL.parse("http://127.0.0.1:8080/v1/jobs/j-1?verbose=1#top")
        #expect(u.origin == "http://127.0.0.1:8080" && u.host == "127.0.0.1" && u.port == 8080 && u.target == "/v1/jobs/j-1?verbose=1")
        #expect(u.hostHeader == "127.0.0.1:8080")
        let d = try PlainURL.parse("HTTP://Example.test")
        #expect(d.port == 80 && d.target == "/" && d.hostHeader == "Example.test")
        let q = try PlainURL.parse("http://h:1?x=1")
        #expect(q.target == "/?x=1")
        let v6 = try PlainURL.parse("http://[::1]:9000/a")
        #expect(v6.host == "::1" && v6.ipv6Literal && v6.hostHeader == "[::1]:9000")
    }

    @Test func leavesToLibcurlOrRefuses() {
        func refusal(_ url: String) -> PlainURL.Refusal? {
            do { _ = try PlainURL.parse(url); return nil } catch { return error }
        }
        #expect(refusal("https://127.0.0.1/") == .notPlainHTTP)
        #expect(refusal("ftp://x/") == .notPlainHTTP)
        #expect(refusal("http://user:pw@127.0.0.1/") == .credentials)
        for bad in ["http://", "http:///x", "http://h:0/", "http://h:65536/", "http://h:8x/", "http://[::1/", "http://h/a b", "http://h/\u{7F}", "http://h%41/"] {
            if case .malformed = refusal(bad) {} else { Issue.record("\(bad) gave \(String(describing: refusal(bad)))") }
        }
        #expect(TransportChoice.auto.resolved(for: "https://x/") == .curl)
        #expect(TransportChoice.auto.resolved(for: "http://u:p@x/") == .curl)
        #expect(TransportChoice.auto.resolved(for: "http://127.0.0.1:1/") == .native)
        #expect(TransportChoice.curl.resolved(for: "http://127.0.0.1:1/") == .curl)
    }

    @Test func headerLinesFollowLibcurlsConventions() {
        #expect(HeaderLine.classify("X-A: 1") == .field(isLength: false))
        #expect(HeaderLine.classify("content-LENGTH: 3") == .field(isLength: true))
        #expect(HeaderLine.classify("Accept:") == .removal)
        #expect(HeaderLine.classify("Accept: \t") == .removal)
        #expect(HeaderLine.classify("X-Empty;") == .empty(name: "X-Empty"))
        #expect(HeaderLine.classify("no colon") == .ignored)
        #expect(HeaderLine.classify("X: a\r\nY: b") == .unsafe)
        #expect(HeaderLine.classify("X: a\u{0}") == .unsafe)
        #expect(HeaderLine.isHost("host: h") && HeaderLine.isHost("Host:") && !HeaderLine.isHost("Hostname: x"))
    }
}
