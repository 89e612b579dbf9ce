#if canImport(Glibc)
import Glibc  // memchr, to find line ends quickly
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental HTTP/1.1 request parser over raw bytes, with no I/O of its own.
///
/// Append bytes as they arrive, then call `next()` until it returns nil (more bytes needed) to take every
/// complete request, several when the client pipelines. After an error the parser is stuck: every later
/// `next()` throws the same error, since the byte stream can no longer be framed.
///
/// Line endings: CRLF is the norm; a bare LF is also accepted as a line end everywhere (request line,
/// header fields, chunk lines, trailers), as RFC 9112 §2.2 allows. A CR anywhere else is rejected (400).
/// Empty lines before a request line are skipped (RFC 9112 §2.2). A missing `Host` header is tolerated.
public struct HTTPParser: Sendable {
    /// Size limits; exceeding them is an error with the status named on each.
    public struct Limits: Sendable, Equatable {
        /// Most bytes of request line plus header fields, line ends included (431 beyond); also caps trailers.
        public var maxHeadBytes: Int
        /// Most body bytes, after chunked decoding (413 beyond).
        public var maxBodyBytes: Int
        /// Most header fields in one request (431 beyond).
        public var maxHeaderCount: Int

        public init(maxHeadBytes: Int = 16 * 1024, maxBodyBytes: Int = 1 << 20, maxHeaderCount: Int = 100) {
            self.maxHeadBytes = maxHeadBytes
            self.maxBodyBytes = maxBodyBytes
            self.maxHeaderCount = maxHeaderCount
        }
    }

    /// Where in a request the parser is.
    enum State: Sendable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParseError)
    }

    /// Longest chunk-size line (with extensions) accepted, in bytes; chunk extensions are not worth more.
    static let maxChunkLineBytes = 4096

    /// The limits this parser enforces.
    public let limits: Limits
    /// Received bytes; those before `start` are consumed and dropped lazily in `compact()`.
    var buffer: [UInt8] = []
    var start = 0
    var state: State = .requestLine
    /// Bytes of the current head (or trailer section) consumed so far, for the 431 limit.
    var headBytes = 0
    // The request being assembled.
    var method = ""
    var target = ""
    var minorVersion = 1
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// True from a head carrying `Expect: 100-continue` with a body until the body is complete or acknowledged.
    public internal(set) var wantsContinue = false

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes of an unfinished request are buffered (a connection closing now would cut a request).
    public var hasPartialRequest: Bool {
        if case .requestLine = state { return start < buffer.count || headBytes > 0 }
        return true
    }

    /// Records that the server sent `100 Continue` for the current request, so it is not sent twice.
    public mutating func acknowledgeContinue() { wantsContinue = false }

    /// The next complete request, or nil when more bytes are needed.
    public mutating func next() throws(HTTPParseError) -> HTTPRequest? {
        if case .failed(let error) = state { throw error }
        do {
            return try step()
        } catch {
            state = .failed(error)
            wantsContinue = false
            throw error
        }
    }

    /// Runs the state machine until a request completes or the buffered bytes run out.
    private mutating func step() throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch state {
            case .requestLine, .headers, .trailers:
                guard let line = nextLine() else {
                    if headBytes + (buffer.count - start) > limits.maxHeadBytes { throw tooLargeHead() }
                    return nil
                }
                headBytes += line.consumed
                if headBytes > limits.maxHeadBytes { throw tooLargeHead() }
                if let request = try headLine(line.range) { return request }
            case .fixedBody(let remaining):
                guard buffer.count - start >= remaining else { return nil }
                body = Array(buffer[start..<start + remaining])
                start += remaining
                return finish()
            case .chunkSize:
                guard let line = nextLine() else {
                    if buffer.count - start > Self.maxChunkLineBytes { throw .bad("chunk size line too long") }
                    return nil
                }
                // The same bound when the whole line arrived at once, so the answer never depends on how the
                // bytes were split (an unbounded extension was accepted whole and refused in pieces).
                if line.consumed - 1 > Self.maxChunkLineBytes { throw .bad("chunk size line too long") }
                let size = try chunkSize(line.range)
                if size == 0 {
                    headBytes = 0
                    state = .trailers
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let available = min(remaining, buffer.count - start)
                guard available > 0 else { return nil }
                body.append(contentsOf: buffer[start..<start + available])
                start += available
                state = available == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - available)
            case .chunkDataEnd:
                guard let line = nextLine() else {
                    if buffer.count - start >= 2 { throw .bad("chunk data longer than its size") }
                    return nil
                }
                guard line.range.isEmpty else { throw .bad("chunk data longer than its size") }
                state = .chunkSize
            case .failed(let error):
                throw error
            }
        }
    }

    /// Handles one complete line of the head or trailer section; returns a request when it completes one.
    private mutating func headLine(_ line: Range<Int>) throws(HTTPParseError) -> HTTPRequest? {
        switch state {
        case .requestLine:
            // Empty lines before a request line are skipped; they still count toward the head limit.
            if line.isEmpty { return nil }
            try parseRequestLine(line)
            state = .headers
            return nil
        case .headers:
            if line.isEmpty { return try headComplete() }
            try parseField(line, keep: true)
            return nil
        default:
            // Trailer fields are checked for syntax but dropped: RFC 9110 §6.5 forbids merging them blindly.
            if line.isEmpty { return finish() }
            try parseField(line, keep: false)
            return nil
        }
    }

    /// The range of the next line without its line end and the bytes consumed, or nil without a full line.
    private mutating func nextLine() -> (range: Range<Int>, consumed: Int)? {
        let lineStart = start
        let lf: Int? = buffer.withUnsafeBufferPointer { all in
            guard lineStart < all.count, let base = all.baseAddress,
                  let hit = memchr(base + lineStart, 0x0A, all.count - lineStart) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let lf else { return nil }
        var end = lf
        if end > lineStart && buffer[end - 1] == 0x0D { end -= 1 }
        start = lf + 1
        return (lineStart..<end, lf + 1 - lineStart)
    }

    /// Builds the finished request and resets for the next one.
    mutating func finish() -> HTTPRequest {
        let request = HTTPRequest(method: method, target: target, minorVersion: minorVersion,
                                  headers: headers, body: body)
        state = .requestLine
        headBytes = 0
        headers = []
        body = []
        wantsContinue = false
        return request
    }

    /// Drops consumed bytes, cheaply when all are consumed; otherwise only once enough piled up to be worth it.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 16 * 1024 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    private func tooLargeHead() -> HTTPParseError {
        if case .trailers = state { return HTTPParseError(status: 431, reason: "trailer section too large") }
        return HTTPParseError(status: 431, reason: "request header section too large")
    }
}
