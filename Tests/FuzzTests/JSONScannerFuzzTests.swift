import LoadModel
import Testing
@testable import ReferenceTarget

/// Mutated request bodies through the reference target's own scanner, checked against the JSON parser: two
/// independent readers of one grammar must agree, or one of them is wrong.
@Suite struct JSONScannerFuzzTests {
    @Test func mutatedBodiesAgreeWithTheParser() {
        let corpus = (Corpus.load("json") + Corpus.load("profile")).map(\.bytes)
        var mutator = Mutator(seed: FuzzSettings.seed &+ 3, dictionary: JSONParserFuzzTests.dictionary)
        for i in 0..<FuzzSettings.iterations(3000) {
            let input = mutator.mutate(corpus[i % corpus.count], corpus: corpus)
            FuzzSettings.trace(input)
            let scanned = JSONScanner.objectMembers(input)
            let parsed = try? JSONParser.parse(input)
            // Where the two differ by design: the scanner refuses invalid UTF-8 and nesting past 64, and reads
            // a lone surrogate escape as U+FFFD, which the parser refuses.
            let validUTF8 = UTF8Text.firstInvalidOffset(input) == nil
            if let scanned {
                #expect(parsed != nil || Self.hasSurrogateEscape(input), "scanner alone accepts \(FuzzSettings.literal(input))")
                if case .object(let members)? = parsed {
                    #expect(scanned.map(\.key) == members.map(\.key), "keys differ for \(FuzzSettings.literal(input))")
                }
            } else if case .object? = parsed, validUTF8, parsed!.depth <= 60 {
                Issue.record("parser alone accepts \(FuzzSettings.literal(input))")
            }
        }
    }

    /// Whether the text holds a `\u` escape of a UTF-16 surrogate (`\ud800` to `\udfff`).
    static func hasSurrogateEscape(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        return ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"].contains { text.contains($0) }
    }
}

extension JSONValue {
    /// How many arrays and objects enclose the deepest value, this one included.
    var depth: Int {
        switch self {
        case .array(let a): return 1 + (a.map(\.depth).max() ?? 0)
        case .object(let m): return 1 + (m.map(\.value.depth).max() ?? 0)
        default: return 0
        }
    }
}
