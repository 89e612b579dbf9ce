/// A request to send, as the transport takes it.
public struct ClientRequest: Sendable {
    /// The caller's handle for this exchange; it comes back on the response.
    public var tag: Int
    public var method: String
    /// Absolute URL, `http://127.0.0.1:8080/v1/tasks`.
    public var url: String
    /// Header lines, `Name: value`.
    public var headers: [String]
    /// Body bytes; nil sends none.
    public var body: [UInt8]?
    /// Whether to keep the response headers (they cost an allocation per header line).
    public var captureHeaders: Bool
    /// A timeout for this exchange alone, in milliseconds; nil uses the client's.
    public var timeoutMilliseconds: Int?

    public init(tag: Int, method: String, url: String, headers: [String] = [], body: [UInt8]? = nil,
                captureHeaders: Bool = false, timeoutMilliseconds: Int? = nil) {
        self.timeoutMilliseconds = timeoutMilliseconds
        self.tag = tag
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.captureHeaders = captureHeaders
    }
}

/// Why an exchange got no HTTP response: a bounded category, safe for a CSV column.
public enum TransportError: String, Sendable, CaseIterable {
    /// The connection could not be opened (refused, unreachable, DNS).
    case connect
    /// The per-request timeout expired.
    case timeout
    /// The connection broke: reset, closed early, nothing received.
    case reset
    /// The server answered something that is not HTTP/1.1, or the URL is unusable.
    case `protocol`
    /// A TLS handshake or certificate problem.
    case tls
    /// The answer's body was longer than the client's body cap (`--max-body`): the exchange was cut off and the
    /// answer is unknown to the harness.
    case bodyTooLarge = "body-too-large"
    /// The harness ran out of file descriptors (its own `ulimit -n`), so it could not open a connection: the
    /// harness's limit, never the target's fault.
    case clientLimit = "client-fd-limit"
    /// The harness did not send the request: its request line or a header would have held a control character
    /// (a CR/LF in a job id the target returned, say), which could inject headers.
    case unsafe = "unsafe-request"
    /// Anything else libcurl reports.
    case other

    /// Whether the harness, not the target, caused the error.
    public var isHarnessLimit: Bool { self == .clientLimit || self == .unsafe }
}

/// What came back for one request, with its timings on the monotonic clock (nanoseconds).
public struct ClientResponse: Sendable {
    public var tag: Int
    /// HTTP status, 0 when no response arrived.
    public var status: Int
    public var body: [UInt8]
    /// Response header fields (names as sent) when the request asked for them.
    public var headers: [(name: String, value: String)]
    /// Set when no HTTP response arrived.
    public var error: TransportError?
    /// libcurl's own message for the error, for logs.
    public var errorDetail: String?
    /// When the request was handed to libcurl.
    public var startedAt: Int64
    /// When libcurl was about to send the first byte (start + PRETRANSFER time): waiting for a connection
    /// slot and connecting happen before it.
    public var sentAt: Int64
    /// When libcurl reported the exchange complete.
    public var completedAt: Int64
    /// Connections libcurl opened for this exchange (0 when it reused a kept-alive one).
    public var newConnections: Int
    /// Request bytes sent (headers and body).
    public var bytesSent: Int
    /// Response bytes received (headers and body).
    public var bytesReceived: Int
    /// Whether libcurl sent the request more than once: a kept-alive connection died before any answer and
    /// libcurl, on its own, sent the request again on a fresh connection. The server may have acted on the
    /// first send, so the answer speaks for the second only.
    public var resent = false
    /// How many times libcurl sent the request (0: never, as when every connect was refused).
    public var sends = 0

    /// The answer recorded for a request the harness would not send (`TransportError.unsafe`).
    public static func notSent(tag: Int, at now: Int64) -> ClientResponse {
        ClientResponse(tag: tag, status: 0, body: [], headers: [], error: .unsafe,
                       errorDetail: "not sent: a header or the request line would have held a control character",
                       startedAt: now, sentAt: now, completedAt: now, newConnections: 0, bytesSent: 0, bytesReceived: 0)
    }
}
