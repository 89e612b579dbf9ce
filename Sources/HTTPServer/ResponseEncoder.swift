/// Serialises responses straight into a connection's output buffer, so a batch goes out in one `send`.
enum ResponseEncoder {
    /// What the server says about the connection after this response.
    enum ConnectionHeader {
        /// Nothing: HTTP/1.1 keep-alive is the default.
        case none
        /// `Connection: close`: the server closes after this response.
        case close
        /// `Connection: keep-alive`: needed by HTTP/1.0 clients that asked to keep the connection.
        case keepAlive
    }

    /// The interim response sent before reading a body announced with `Expect: 100-continue`.
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `out`, adding Content-Length and `connection`.
    ///
    /// The handler's headers come first, in order; any Content-Length or Connection among them is dropped
    /// because the server owns framing. `headOnly` (HEAD requests) omits the body but keeps its length.
    /// Statuses outside 100...999 cannot be written on the wire and are sent as 500.
    static func append(_ response: HTTPResponse, headOnly: Bool, connection: ConnectionHeader,
                       to out: inout [UInt8]) {
        let status = (100...999).contains(response.status) ? response.status : 500
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &out)
        out.append(0x20)
        out.append(contentsOf: reasonPhrase(status).utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        for field in response.headers where !isServerOwned(field.name) {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        // RFC 9110 §8.6: no Content-Length (and no body) on 1xx, 204 and 304 responses.
        let bodyless = status < 200 || status == 204 || status == 304
        if !bodyless {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        switch connection {
        case .none: break
        case .close: out.append(contentsOf: "Connection: close\r\n".utf8)
        case .keepAlive: out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        if !headOnly && !bodyless { out.append(contentsOf: response.body) }
    }

    /// The JSON error response for a parse error: `{"error":"<reason>","code":<status>}`.
    static func errorResponse(_ error: HTTPParseError) -> HTTPResponse {
        .json(error.status, "{\"error\":\"\(error.reason)\",\"code\":\(error.status)}")
    }

    /// Appends a non-negative integer in decimal without building a String.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var v = max(0, value)
        var width = 1
        var rest = v
        while rest >= 10 { rest /= 10; width += 1 }
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var i = out.count - 1
        repeat {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        } while v > 0
    }

    /// Whether a handler-supplied header is one the server writes itself.
    private static func isServerOwned(_ name: String) -> Bool {
        let n = name.utf8.count
        guard n == 10 || n == 14 else { return false }
        return equalsLowercase(name, "connection") || equalsLowercase(name, "content-length")
    }

    private static func equalsLowercase(_ name: String, _ lower: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lower.utf8Start, count: lower.utf8CodeUnitCount)
        return name.utf8.count == expected.count && zip(name.utf8, expected).allSatisfy { ByteClass.lower($0) == $1 }
    }

    /// The reason phrase for a status; empty (which RFC 9112 §4 allows) for codes not listed.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }
}
