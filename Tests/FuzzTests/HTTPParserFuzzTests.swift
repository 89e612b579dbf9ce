import LoadModel
import Testing
@testable import HTTPServer

/// Mutated requests through the reference target's parser, fed whole and in random pieces: it never crashes,
/// answers bad input with a well-formed 4xx or 5xx, keeps its limits, and frames the same bytes the same way
/// however they arrive.
@Suite struct HTTPParserFuzzTests {
    static let dictionary = ["\r\n", "\n", "\r", " ", ":", "Content-Length: ", "Transfer-Encoding: chunked\r\n",
                             "Content-Length: 5\r\n", "Expect: 100-continue\r\n", "0\r\n\r\n", "ffffffff\r\n", ";ext",
                             "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", " /", "\r\n\r\n", "\t", "GET ", ", 5"]
    /// Small limits so that mutants cross them often.
    static let limits = HTTPParser.Limits(maxHeadBytes: 2048, maxBodyBytes: 4096, maxHeaderCount: 16)

    /// What came out of a parser fed some bytes: the requests, then the error or the end of input.
    struct Outcome: Equatable {
        var requests: [String]
        var error: HTTPParseError?
    }

    @Test func corpusParses() throws {
        let corpus = Corpus.load("http")
        #expect(corpus.count >= 5)
        for entry in corpus {
            let outcome = Self.feed(entry.bytes, pieces: [entry.bytes.count], limits: .init())
            #expect(outcome.error == nil && !outcome.requests.isEmpty, "\(entry.name): \(outcome)")
        }
    }

    @Test func mutatedRequestsAreFramedOrRefusedCleanly() {
        let corpus = Corpus.load("http").map(\.bytes)
        var mutator = Mutator(seed: FuzzSettings.seed &+ 2, maxLength: 16 * 1024, dictionary: Self.dictionary)
        for i in 0..<FuzzSettings.iterations(3000) {
            let input = mutator.mutate(corpus[i % corpus.count], corpus: corpus)
            FuzzSettings.trace(input)
            // Random piece sizes, as the network delivers them: from one byte to all.
            var pieces: [Int] = []
            var left = input.count
            while left > 0 {
                let n = min(left, 1 + mutator.below(mutator.below(4) == 0 ? 4 : 512))
                pieces.append(n)
                left -= n
            }
            let whole = Self.feed(input, pieces: [input.count], limits: Self.limits)
            let split = Self.feed(input, pieces: pieces, limits: Self.limits)
            #expect(whole == split, "iteration \(i): whole \(whole) vs split \(split) for \(FuzzSettings.literal(input))")
            if let error = whole.error {
                let problems = Self.answerProblems(error)
                #expect(problems.isEmpty, "iteration \(i): \(problems)")
            }
        }
    }

    /// Feeds `input` in pieces of the given sizes, taking every request after each, and checks the limits
    /// and the syntax of every request taken.
    static func feed(_ input: [UInt8], pieces: [Int], limits: HTTPParser.Limits) -> Outcome {
        var parser = HTTPParser(limits: limits)
        var outcome = Outcome(requests: [])
        var at = 0
        for n in pieces {
            parser.append(input[at..<at + n])
            at += n
            do {
                while let request = try parser.next() {
                    let problems = requestProblems(request, limits: limits)
                    #expect(problems.isEmpty, "\(problems) in \(FuzzSettings.literal(input))")
                    outcome.requests.append("\(request.method) \(request.target) 1.\(request.minorVersion) \(request.headers) \(request.body)")
                }
            } catch {
                outcome.error = error
                return outcome
            }
            // Memory stays bounded: what is buffered but not yet a request never exceeds what the limits allow.
            #expect(parser.headBytes <= limits.maxHeadBytes && parser.body.count <= limits.maxBodyBytes)
        }
        return outcome
    }

    /// What in an accepted request breaks the syntax the parser promises its handlers.
    static func requestProblems(_ r: HTTPRequest, limits: HTTPParser.Limits) -> [String] {
        var problems: [String] = []
        if r.method.isEmpty || !r.method.utf8.allSatisfy(ByteClass.isToken) { problems.append("method") }
        if r.target.isEmpty || !r.target.utf8.allSatisfy(ByteClass.isTarget) { problems.append("target") }
        if r.headers.count > limits.maxHeaderCount { problems.append("header count") }
        for h in r.headers {
            if h.name.isEmpty || !h.name.utf8.allSatisfy(ByteClass.isToken) || h.name != h.name.lowercased() { problems.append("name") }
            if !h.value.utf8.allSatisfy(ByteClass.isFieldValue) { problems.append("value") }
        }
        if r.body.count > limits.maxBodyBytes { problems.append("body size") }
        return problems
    }

    /// What is wrong with the answer the server writes for `error`: it must be a 4xx or 5xx whose
    /// Content-Length matches its JSON body.
    static func answerProblems(_ error: HTTPParseError) -> [String] {
        var problems: [String] = []
        if ![400, 413, 431, 501, 505].contains(error.status) { problems.append("status \(error.status)") }
        var out: [UInt8] = []
        ResponseEncoder.append(ResponseEncoder.errorResponse(error), headOnly: false, connection: .close, to: &out)
        let text = String(decoding: out, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return problems + ["no head end"] }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let body = Array(text[split.upperBound...].utf8)
        if head.first?.hasPrefix("HTTP/1.1 \(error.status) ") != true { problems.append("status line \(head.first ?? "")") }
        if !head.contains("Content-Length: \(body.count)") { problems.append("content length") }
        if (try? JSONParser.parse(body)) == nil { problems.append("body is not JSON") }
        return problems
    }
}
