/// One parsed HTTP/1.1 request, as the server hands it to a handler.
public struct HTTPRequest: Sendable {
    /// The method token as sent, for example `GET` (case-sensitive, as RFC 9110 says).
    public var method: String
    /// The raw request-target, for example `/v1/pika/jobs/?jobid=abc` (percent-encoding untouched).
    public var target: String
    /// The HTTP version's minor number: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var minorVersion: Int
    /// Header fields in arrival order; names are lowercased, values trimmed of surrounding whitespace.
    public var headers: [(name: String, value: String)]
    /// The body bytes (Content-Length delimited; empty when there is none).
    public var body: [UInt8]

    public init(method: String, target: String, minorVersion: Int = 1,
                headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// The path part of the target, before any `?`.
    public var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }

    /// The query part of the target, after the first `?`, or nil when there is no `?`.
    public var query: Substring? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: q)...]
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first(where: { $0.name == lower })?.value
    }
}

/// A response a handler returns; the server adds `Content-Length`, `Date`-free framing and keep-alive.
public struct HTTPResponse: Sendable {
    /// The status code, for example 200.
    public var status: Int
    /// Header fields to send, in order. Do not include Content-Length or Connection: the server owns them.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response with `Content-Type: application/json`.
    public static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status,
                     headers: [(name: "Content-Type", value: "application/json")] + headers,
                     body: Array(text.utf8))
    }
}

/// What the server does with a request.
public enum HTTPReply: Sendable {
    /// Send this response now.
    case respond(HTTPResponse)
    /// Send this response after a delay in nanoseconds (later requests on the connection wait behind it).
    case respondAfter(nanoseconds: Int64, HTTPResponse)
    /// Close the connection without answering (a dropped connection, as a faulty server would).
    case close
}

/// The function a server calls for every complete request. It runs on a server event-loop thread and must
/// not block; with several loops it is called concurrently.
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPReply
