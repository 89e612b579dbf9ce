import Testing
@testable import HTTPServer

/// Exact bytes of serialised responses.
struct ResponseEncoderTests {
    private func encode(_ response: HTTPResponse, headOnly: Bool = false,
                        connection: ResponseEncoder.ConnectionHeader = .none) -> String {
        var out: [UInt8] = []
        ResponseEncoder.append(response, headOnly: headOnly, connection: connection, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func handlerHeadersComeFirstThenFraming() {
        let response = HTTPResponse.json(200, "{}", headers: [(name: "X-Id", value: "7")])
        #expect(encode(response, connection: .close)
            == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Id: 7\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
    }

    @Test func serverOwnedHeadersFromTheHandlerAreDropped() {
        let response = HTTPResponse(status: 202, headers: [(name: "content-LENGTH", value: "99"),
                                                           (name: "Connection", value: "upgrade"),
                                                           (name: "Connections", value: "kept")], body: [0x41])
        #expect(encode(response, connection: .keepAlive)
            == "HTTP/1.1 202 Accepted\r\nConnections: kept\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\nA")
    }

    @Test(arguments: [
        // HEAD: length of the body that would be sent, but no body.
        (200, true, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"),
        // 204 carries neither Content-Length nor a body.
        (204, false, "HTTP/1.1 204 No Content\r\n\r\n"),
        // 304 likewise.
        (304, false, "HTTP/1.1 304 Not Modified\r\n\r\n"),
        // An unlisted status gets an empty reason phrase.
        (299, false, "HTTP/1.1 299 \r\nContent-Length: 3\r\n\r\nabc"),
        // A status that cannot be written goes out as 500.
        (42, false, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 3\r\n\r\nabc"),
    ])
    func bodylessAndOddStatuses(status: Int, headOnly: Bool, expected: String) {
        #expect(encode(HTTPResponse(status: status, body: Array("abc".utf8)), headOnly: headOnly) == expected)
    }

    @Test func errorBodyIsSmallJSON() {
        let response = ResponseEncoder.errorResponse(HTTPParseError(status: 431, reason: "too many header fields"))
        #expect(response.status == 431)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"error\":\"too many header fields\",\"code\":431}")
    }

    @Test(arguments: [(0, "0"), (7, "7"), (10, "10"), (1_048_576, "1048576"), (Int.max, "9223372036854775807")])
    func decimalDigits(value: Int, text: String) {
        var out: [UInt8] = [0x2A]
        ResponseEncoder.appendDecimal(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "*" + text)
    }
}
