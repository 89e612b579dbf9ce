// libFuzzer harness for the reference target's HTTP/1.1 request parser (scripts/fuzz http SECONDS).
// Compiled with Sources/HTTPServer's parser files into one module, never by SwiftPM.

/// Small limits so that inputs cross them often.
let fuzzLimits = HTTPParser.Limits(maxHeadBytes: 2048, maxBodyBytes: 4096, maxHeaderCount: 16)

/// Each input is fed whole, then in pieces whose sizes come from its first byte; both must frame the same
/// requests and end in the same error, every request must hold only legal bytes, and every error must be a
/// 4xx or 5xx that the server can write as a well-formed answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let piece = 1 + Int(input.first ?? 0) % 64
    let whole = feed(input, piece: max(1, input.count))
    let split = feed(input, piece: piece)
    require(whole == split, "whole \(whole) but in pieces of \(piece): \(split)")
    if let error = whole.error { checkAnswer(error) }
    return 0
}

/// The requests (as text) and the error that came out of feeding `input` in pieces of `piece` bytes.
func feed(_ input: [UInt8], piece: Int) -> Outcome {
    var parser = HTTPParser(limits: fuzzLimits)
    var outcome = Outcome()
    var start = 0
    while start < input.count {
        parser.append(input[start..<min(input.count, start + piece)])
        start += piece
        do {
            while let r = try parser.next() {
                require(!r.method.isEmpty && r.method.utf8.allSatisfy(ByteClass.isToken), "method")
                require(!r.target.isEmpty && r.target.utf8.allSatisfy(ByteClass.isTarget), "target")
                require(r.headers.count <= fuzzLimits.maxHeaderCount && r.body.count <= fuzzLimits.maxBodyBytes)
                for h in r.headers {
                    require(!h.name.isEmpty && h.name.utf8.allSatisfy { ByteClass.isToken($0) && ByteClass.lower($0) == $0 })
                    require(h.value.utf8.allSatisfy(ByteClass.isFieldValue))
                }
                outcome.requests.append("\(r.method) \(r.target) \(r.minorVersion) \(r.headers) \(r.body)")
            }
        } catch {
            outcome.error = error
            return outcome
        }
        require(parser.headBytes <= fuzzLimits.maxHeadBytes && parser.body.count <= fuzzLimits.maxBodyBytes)
    }
    return outcome
}

struct Outcome: Equatable {
    var requests: [String] = []
    var error: HTTPParseError?
}

/// The answer to a parse error: a 4xx or 5xx status line, a Content-Length that matches, a JSON body.
func checkAnswer(_ error: HTTPParseError) {
    require([400, 413, 431, 501, 505].contains(error.status), "status \(error.status)")
    require(error.reason.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }, "reason")
    var out: [UInt8] = []
    ResponseEncoder.append(ResponseEncoder.errorResponse(error), headOnly: false, connection: .close, to: &out)
    let text = String(decoding: out, as: UTF8.self)
    require(text.hasPrefix("HTTP/1.1 \(error.status) "))
    let body = "{\"error\":\"\(error.reason)\",\"code\":\(error.status)}"
    require(text.hasSuffix("\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body))
}
