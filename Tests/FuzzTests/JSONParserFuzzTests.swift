import Testing
@testable import LoadModel

/// Mutated JSON documents through the parser that reads every server answer (a hostile server chooses them).
@Suite struct JSONParserFuzzTests {
    static let dictionary = ["{", "}", "[", "]", "\"", "\\u", "\\ud800", "\\udc00", ":", ",", "null", "true", "-0.",
                             "1e999", String(repeating: "[", count: 300), "{\"a\":"]

    @Test func corpusParses() throws {
        let corpus = Corpus.load("json")
        #expect(corpus.count >= 5)
        for entry in corpus { _ = try JSONParser.parse(entry.bytes) }
    }

    /// Never a crash; an answer or a typed error with a position inside the input; and what is accepted
    /// serializes to text that parses back to the same value.
    @Test func mutatedDocumentsParseOrFailCleanly() {
        let corpus = Corpus.load("json").map(\.bytes)
        var mutator = Mutator(seed: FuzzSettings.seed, dictionary: Self.dictionary)
        for i in 0..<FuzzSettings.iterations(4000) {
            let input = mutator.mutate(corpus[i % corpus.count], corpus: corpus)
            FuzzSettings.trace(input)
            do {
                let value = try JSONParser.parse(input)
                let again = try? JSONParser.parse(JSONText.serialize(value))
                #expect(again == value || value.hasNonFinite, "round trip at iteration \(i): \(FuzzSettings.literal(input))")
            } catch {
                #expect(error.line >= 1 && error.column >= 1, "iteration \(i)")
            }
        }
    }
}

extension JSONValue {
    /// Whether a number in it does not fit a Double (`1e999`): serialized as null, so it cannot round-trip.
    var hasNonFinite: Bool {
        switch self {
        case .number(let d): return !d.isFinite
        case .array(let a): return a.contains { $0.hasNonFinite }
        case .object(let m): return m.contains { $0.value.hasNonFinite }
        default: return false
        }
    }
}
