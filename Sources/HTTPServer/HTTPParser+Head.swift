/// Request line and header field syntax.
extension HTTPParser {
    /// Parses `METHOD SP request-target SP HTTP/1.x`, with single spaces as RFC 9112 §3 asks.
    mutating func parseRequestLine(_ line: Range<Int>) throws(HTTPParseError) {
        var i = line.lowerBound
        while i < line.upperBound && ByteClass.isToken(buffer[i]) { i += 1 }
        guard i > line.lowerBound, i < line.upperBound, buffer[i] == 0x20 else { throw .bad("bad request line") }
        let methodEnd = i
        i += 1
        let targetStart = i
        while i < line.upperBound && ByteClass.isTarget(buffer[i]) { i += 1 }
        guard i > targetStart, i < line.upperBound, buffer[i] == 0x20 else { throw .bad("bad request line") }
        let targetEnd = i
        minorVersion = try parseVersion(i + 1..<line.upperBound)
        method = String(decoding: buffer[line.lowerBound..<methodEnd], as: UTF8.self)
        target = String(decoding: buffer[targetStart..<targetEnd], as: UTF8.self)
    }

    /// Parses `HTTP/d.d` and returns the minor digit; a major version other than 1 is 505.
    private func parseVersion(_ range: Range<Int>) throws(HTTPParseError) -> Int {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard range.count == 8, buffer[range.lowerBound..<range.lowerBound + 5].elementsEqual(prefix),
              buffer[range.lowerBound + 6] == UInt8(ascii: "."),
              let major = digit(buffer[range.lowerBound + 5]), let minor = digit(buffer[range.lowerBound + 7])
        else { throw .bad("bad HTTP version") }
        guard major == 1 else { throw HTTPParseError(status: 505, reason: "HTTP version not supported") }
        return minor
    }

    private func digit(_ b: UInt8) -> Int? {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil
    }

    /// Parses `name: value`, lowercasing the name and trimming the value; `keep` false only checks syntax.
    mutating func parseField(_ line: Range<Int>, keep: Bool) throws(HTTPParseError) {
        // A line starting with whitespace continues the previous one (obs-fold): RFC 9112 §5.2 lets us reject it.
        if ByteClass.isWhitespace(buffer[line.lowerBound]) { throw .bad("obsolete line folding") }
        var colon = line.lowerBound
        while colon < line.upperBound && buffer[colon] != UInt8(ascii: ":") {
            guard ByteClass.isToken(buffer[colon]) else {
                // Whitespace before the colon is a smuggling vector (RFC 9112 §5.1), so it is an error too.
                throw .bad(hasColon(colon, line) ? "invalid header field name" : "header field without colon")
            }
            colon += 1
        }
        guard colon < line.upperBound else { throw .bad("header field without colon") }
        guard colon > line.lowerBound else { throw .bad("empty header field name") }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd && ByteClass.isWhitespace(buffer[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && ByteClass.isWhitespace(buffer[valueEnd - 1]) { valueEnd -= 1 }
        for i in valueStart..<valueEnd where !ByteClass.isFieldValue(buffer[i]) {
            throw .bad("invalid character in header field value")
        }
        guard keep else { return }
        guard headers.count < limits.maxHeaderCount else {
            throw HTTPParseError(status: 431, reason: "too many header fields")
        }
        let name = String(decoding: buffer[line.lowerBound..<colon].lazy.map(ByteClass.lower), as: UTF8.self)
        headers.append((name: name, value: String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self)))
    }

    private func hasColon(_ from: Int, _ line: Range<Int>) -> Bool {
        buffer[from..<line.upperBound].contains(UInt8(ascii: ":"))
    }
}
