import LoadModel
import Testing

/// The reference target keeps its own JSON string quoter (the system under test never uses the checker's code);
/// mutated strings show that it and LoadModel's `JSONText.quote` write the same bytes.
@Suite struct JSONQuoteFuzzTests {
    @Test func bothQuotersWriteTheSameBytes() {
        let corpus = Corpus.load("json").map(\.bytes) + [Array("q\"b\\\n\r\t\u{0}\u{1F}\u{7F}é😀/".utf8)]
        var mutator = Mutator(seed: FuzzSettings.seed &+ 9, maxLength: 4096, dictionary: ["\\u", "\"", "\\", "\u{1}"])
        for i in 0..<FuzzSettings.iterations(2000) {
            let input = String(decoding: mutator.mutate(corpus[i % corpus.count], corpus: corpus), as: UTF8.self)
            let ours = JSONText.quote(input), theirs = referenceTargetQuote(input)
            #expect(ours == theirs, "iteration \(i): \(FuzzSettings.literal(Array(input.utf8)))")
            if ours != theirs { return }
        }
    }
}
