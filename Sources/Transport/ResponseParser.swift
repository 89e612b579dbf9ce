/// Reads one HTTP/1.x response from bytes as they arrive, for the native client.
///
/// Fed the bytes of each `read` in turn, it keeps the head only until it is complete (most answers arrive in
/// one read and are parsed in place), skips interim `1xx` answers, and reads the body by `Content-Length`,
/// by chunks, or until the server closes. What it refuses is named: a head that is not HTTP, a length that
/// is not a number, two lengths that disagree, a bad chunk, a head over 300 KiB (libcurl's limit), a body
/// over the client's cap.
struct ResponseParser {
    enum Failure: Equatable {
        /// The answer is not HTTP/1.x as it should be: the detail says what was wrong.
        case malformed(String)
        /// The body passed the client's cap.
        case bodyTooLarge
    }

    enum Progress: Equatable {
        /// More bytes are needed.
        case needMore
        /// The response is complete; `extra` bytes after it were left unread (the connection is not reused).
        case done(extra: Int)
        case failed(Failure)
    }

    private enum State {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    /// libcurl's MAX_HTTP_RESP_HEADER_SIZE: the most head bytes read before the answer is refused.
    static let maxHeadBytes = 300 * 1024

    let maxBody: Int
    let captureHeaders: Bool
    /// A HEAD request's answer has no body whatever its headers say.
    let headRequest: Bool

    private var state = State.head
    /// Head or chunk-line bytes kept across reads (empty in the usual case of a head in one read).
    private var pending: [UInt8] = []
    private(set) var status = 0
    private(set) var body: [UInt8] = []
    private(set) var headers: [(name: String, value: String)] = []
    /// Whether the server said or implied that the connection closes after this answer.
    private(set) var closeAfter = false
    /// Bytes fed so far (head and body, interim answers included).
    private(set) var bytesReceived = 0

    init(maxBody: Int, captureHeaders: Bool, headRequest: Bool) {
        self.maxBody = maxBody
        self.captureHeaders = captureHeaders
        self.headRequest = headRequest
    }

    /// A parser with the same settings and nothing read, for a request sent again.
    func restarted() -> ResponseParser {
        ResponseParser(maxBody: maxBody, captureHeaders: captureHeaders, headRequest: headRequest)
    }

    /// Whether nothing at all has been received yet.
    var receivedNothing: Bool { bytesReceived == 0 }

    /// Reads the next bytes.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Progress {
        bytesReceived += bytes.count
        var i = 0
        let n = bytes.count
        while true {
            switch state {
            case .done:
                return .done(extra: n - i)
            case .head:
                if i == n { return .needMore }
                if pending.isEmpty {
                    // In place: find the end of the head in this read.
                    if let end = Self.headEnd(bytes, from: i) {
                        if end - i > Self.maxHeadBytes { return .failed(.malformed("response head over \(Self.maxHeadBytes) bytes")) }
                        if let f = parseHead(UnsafeBufferPointer(rebasing: bytes[i..<end])) { return .failed(f) }
                        i = end
                        continue
                    }
                    pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<n]))
                    i = n
                } else {
                    let before = pending.count
                    pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<n]))
                    let found = pending.withUnsafeBufferPointer { Self.headEnd($0, from: max(0, before - 3)) }
                    if let end = found {
                        if end > Self.maxHeadBytes { return .failed(.malformed("response head over \(Self.maxHeadBytes) bytes")) }
                        let f = pending.withUnsafeBufferPointer { parseHead(UnsafeBufferPointer(rebasing: $0[0..<end])) }
                        if let f { return .failed(f) }
                        // What followed the head in this read is read again from its place.
                        i = n - (pending.count - end)
                        pending.removeAll(keepingCapacity: true)
                        continue
                    }
                    i = n
                }
                if pending.count > Self.maxHeadBytes { return .failed(.malformed("response head over \(Self.maxHeadBytes) bytes")) }
                return .needMore
            case .fixed(let remaining):
                let take = min(remaining, n - i)
                if let f = append(bytes, i, take) { return .failed(f) }
                i += take
                if remaining == take { state = .done } else { state = .fixed(remaining: remaining - take); return .needMore }
            case .untilClose:
                if let f = append(bytes, i, n - i) { return .failed(f) }
                return .needMore
            case .chunkSize, .trailers:
                guard let (line, next) = takeLine(bytes, from: i) else { return .needMore }
                i = next
                if case .trailers = state {
                    if line.isEmpty { state = .done }
                    continue
                }
                guard let size = Self.chunkSize(line) else { return .failed(.malformed("bad chunk size line")) }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let take = min(remaining, n - i)
                if let f = append(bytes, i, take) { return .failed(f) }
                i += take
                if remaining == take { state = .chunkDataEnd } else { state = .chunkData(remaining: remaining - take); return .needMore }
            case .chunkDataEnd:
                guard let (line, next) = takeLine(bytes, from: i) else { return .needMore }
                guard line.isEmpty else { return .failed(.malformed("chunk data longer than its size")) }
                i = next
                state = .chunkSize
            }
        }
    }

    /// The server closed the connection: complete when the body runs until close, else nil (cut short).
    mutating func finish() -> Bool {
        if case .untilClose = state { state = .done; return true }
        if case .done = state { return true }
        return false
    }

    // MARK: - Head

    /// The index just past the blank line that ends a head (CRLFCRLF, or LFLF as libcurl also accepts).
    private static func headEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        let n = b.count
        while i < n {
            if b[i] == 10 {
                if i + 1 < n, b[i + 1] == 10 { return i + 2 }
                if i + 2 < n, b[i + 1] == 13, b[i + 2] == 10 { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    /// Reads a head: the status line and the fields that decide the body's length and the connection.
    private mutating func parseHead(_ head: UnsafeBufferPointer<UInt8>) -> Failure? {
        var lines = LineCursor(bytes: head)
        guard let first = lines.next() else { return .malformed("empty response head") }
        // "HTTP/1.x NNN reason"
        guard first.count >= 12, first[0] == 0x48, first[1] == 0x54, first[2] == 0x54, first[3] == 0x50,
              first[4] == 0x2F, first[5] == 0x31, first[6] == 0x2E, first[8] == 0x20,
              let d0 = Self.digit(first[9]), let d1 = Self.digit(first[10]), let d2 = Self.digit(first[11]),
              first.count == 12 || first[12] == 0x20
        else {
            let shown = String(decoding: first.prefix(40), as: UTF8.self)
            return .malformed("not an HTTP/1.x status line: \(String(reflecting: shown))")
        }
        let minor = first[7]
        let code = d0 * 100 + d1 * 10 + d2
        var length: Int?
        var chunked = false
        var close = minor == 0x30  // HTTP/1.0 closes unless it says keep-alive
        if captureHeaders { headers.removeAll(keepingCapacity: true) }
        while let line = lines.next() {
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }  // not a field: ignored, as libcurl does
            let name = UnsafeBufferPointer(rebasing: line[0..<colon])
            let value = Self.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
            if Self.equalsLower(name, "content-length") {
                guard let v = Self.decimal(value) else {
                    return .malformed("Content-Length is not a number: \(String(reflecting: String(decoding: value.prefix(40), as: UTF8.self)))")
                }
                if let l = length, l != v { return .malformed("two Content-Length fields that disagree (\(l), \(v))") }
                length = v
            } else if Self.equalsLower(name, "transfer-encoding") {
                chunked = Self.lastTokenIsChunked(value)
            } else if Self.equalsLower(name, "connection") {
                if Self.containsToken(value, "close") { close = true } else if Self.containsToken(value, "keep-alive") { close = minor == 0x30 ? false : close }
            }
            if captureHeaders, headers.count < Transfer.maxHeaders {
                headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
        }
        if code >= 100 && code < 200 {
            if code == 101 { return .malformed("101 Switching Protocols: not an HTTP/1.1 answer") }
            // An interim answer (100 Continue, 103 Early Hints): the real one follows.
            if captureHeaders { headers.removeAll(keepingCapacity: true) }
            return nil
        }
        status = code
        closeAfter = close
        if headRequest || code == 204 || code == 304 {
            state = .done
        } else if chunked {
            state = .chunkSize
        } else if let length {
            state = length == 0 ? .done : .fixed(remaining: length)
            if length > 0 { body.reserveCapacity(min(length, maxBody, 1 << 20)) }
        } else {
            closeAfter = true
            state = .untilClose
        }
        return nil
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Failure? {
        guard count > 0 else { return nil }
        guard body.count + count <= maxBody else { return .bodyTooLarge }
        body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<(from + count)]))
        return nil
    }

    /// A line of a chunked body (size line, the CRLF after data, a trailer), possibly split across reads.
    private mutating func takeLine(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> ([UInt8], Int)? {
        var j = i
        while j < bytes.count, bytes[j] != 10 { j += 1 }
        guard j < bytes.count else {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i...]))
            return nil
        }
        var line = pending
        pending.removeAll(keepingCapacity: true)
        line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
        if line.last == 13 { line.removeLast() }
        return (line, j + 1)
    }

    // MARK: - Bytes

    private static func digit(_ b: UInt8) -> Int? { b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil }

    private static func decimal(_ v: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !v.isEmpty, v.count <= 18 else { return nil }
        var r = 0
        for b in v { guard let d = digit(b) else { return nil }; r = r * 10 + d }
        return r
    }

    private static func chunkSize(_ line: [UInt8]) -> Int? {
        var r = 0, digits = 0
        for b in line {
            let d: Int
            switch b {
            case 0x30...0x39: d = Int(b - 0x30)
            case 0x61...0x66: d = Int(b - 0x61 + 10)
            case 0x41...0x46: d = Int(b - 0x41 + 10)
            case 0x3B, 0x20, 0x09: return digits > 0 ? r : nil  // ";ext" or spaces end the size
            default: return nil
            }
            digits += 1
            guard digits <= 15 else { return nil }
            r = r * 16 + d
        }
        return digits > 0 ? r : nil
    }

    private static func trimmed(_ v: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var s = v.startIndex, e = v.endIndex
        while s < e, v[s] == 0x20 || v[s] == 0x09 { s += 1 }
        while e > s, v[e - 1] == 0x20 || v[e - 1] == 0x09 || v[e - 1] == 13 { e -= 1 }
        return UnsafeBufferPointer(rebasing: v[s..<e])
    }

    /// Whether `name` equals the lower-case ASCII `lower`, in any case.
    static func equalsLower(_ name: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard name.count == lower.utf8CodeUnitCount else { return false }
        let l = lower.utf8Start
        for k in 0..<name.count {
            let b = name[k], w = l[k]
            if b != w && !(w >= 0x61 && w <= 0x7A && b | 0x20 == w) { return false }
        }
        return true
    }

    /// Whether a comma-separated field holds `token` (any case).
    private static func containsToken(_ v: UnsafeBufferPointer<UInt8>, _ token: StaticString) -> Bool {
        var start = v.startIndex
        while start <= v.endIndex {
            var end = start
            while end < v.endIndex, v[end] != 0x2C { end += 1 }
            if equalsLower(trimmed(UnsafeBufferPointer(rebasing: v[start..<end])), token) { return true }
            start = end + 1
        }
        return false
    }

    /// Whether the last transfer coding is `chunked` (RFC 9112 §6.3: only then is the body chunked).
    private static func lastTokenIsChunked(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = v.startIndex
        var last = UnsafeBufferPointer(rebasing: v[v.startIndex..<v.startIndex])
        while start <= v.endIndex {
            var end = start
            while end < v.endIndex, v[end] != 0x2C { end += 1 }
            let t = trimmed(UnsafeBufferPointer(rebasing: v[start..<end]))
            if !t.isEmpty { last = t }
            start = end + 1
        }
        return equalsLower(last, "chunked")
    }
}

/// The lines of a head, without their CR LF (or bare LF).
private struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() -> UnsafeBufferPointer<UInt8>? {
        guard i < bytes.count else { return nil }
        var j = i
        while j < bytes.count, bytes[j] != 10 { j += 1 }
        var end = j
        if end > i, bytes[end - 1] == 13 { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: bytes[i..<end])
        i = j + 1
        return line
    }
}
