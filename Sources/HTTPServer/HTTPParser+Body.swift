/// Message framing: Content-Length, chunked transfer coding and Expect.
extension HTTPParser {
    /// Decides how the body is framed once the header section ended; returns the request when it has no body.
    mutating func headComplete() throws(HTTPParseError) -> HTTPRequest? {
        var contentLength: Int?
        var codings: [Substring] = []
        var sawTransferEncoding = false
        var expectsContinue = false
        for field in headers {
            switch field.name {
            case "content-length":
                let length = try parseContentLength(field.value)
                if let contentLength, contentLength != length { throw .bad("conflicting Content-Length") }
                contentLength = length
            case "transfer-encoding":
                sawTransferEncoding = true
                codings += field.value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            case "expect":
                expectsContinue = expectsContinue || field.value.lowercased() == "100-continue"
            default:
                break
            }
        }
        if sawTransferEncoding {
            // Both framings at once is the classic request-smuggling setup (RFC 9112 §6.3): refuse it.
            if contentLength != nil { throw .bad("both Transfer-Encoding and Content-Length") }
            if codings.contains(where: { $0.lowercased() != "chunked" }) {
                throw HTTPParseError(status: 501, reason: "unsupported transfer coding")
            }
            guard codings.count == 1 else { throw .bad("bad Transfer-Encoding") }
            state = .chunkSize
            wantsContinue = expectsContinue && minorVersion >= 1
            return nil
        }
        let length = contentLength ?? 0
        if length > limits.maxBodyBytes { throw HTTPParseError(status: 413, reason: "body too large") }
        if length == 0 { return finish() }
        state = .fixedBody(remaining: length)
        wantsContinue = expectsContinue && minorVersion >= 1
        return nil
    }

    /// Parses a Content-Length value; a list of equal values (`5, 5`) is accepted as RFC 9110 §8.6 allows.
    private func parseContentLength(_ value: String) throws(HTTPParseError) -> Int {
        var result: Int?
        for element in value.split(separator: ",", omittingEmptySubsequences: false) {
            let digits = element.trimmingWhitespace()
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw .bad("bad Content-Length")
            }
            // Anything longer than 18 digits cannot fit; it is certainly above the body limit anyway.
            let n = digits.utf8.count > 18 ? Int.max : Int(digits)!
            if let result, result != n { throw .bad("conflicting Content-Length") }
            result = n
        }
        guard let result else { throw .bad("bad Content-Length") }
        return result
    }

    /// Parses a chunk-size line (`hex [; ext]`), checking the running body size against the limit.
    mutating func chunkSize(_ line: Range<Int>) throws(HTTPParseError) -> Int {
        var size = 0
        var i = line.lowerBound
        while i < line.upperBound, let digit = ByteClass.hexValue(buffer[i]) {
            size = size * 16 + digit
            if size > limits.maxBodyBytes - body.count {
                throw HTTPParseError(status: 413, reason: "body too large")
            }
            i += 1
        }
        guard i > line.lowerBound else { throw .bad("bad chunk size") }
        // Chunk extensions are ignored, but must be introduced by `;` (after optional whitespace) and hold no CTLs.
        while i < line.upperBound && ByteClass.isWhitespace(buffer[i]) { i += 1 }
        if i < line.upperBound {
            guard buffer[i] == UInt8(ascii: ";") else { throw .bad("bad chunk size") }
            for j in i..<line.upperBound where !ByteClass.isFieldValue(buffer[j]) {
                throw .bad("bad chunk extension")
            }
        }
        return size
    }
}

extension Substring {
    /// The substring without leading and trailing SP and HTAB.
    func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.utf8.first, ByteClass.isWhitespace(first) { s = s.dropFirst() }
        while let last = s.utf8.last, ByteClass.isWhitespace(last) { s = s.dropLast() }
        return s
    }
}
