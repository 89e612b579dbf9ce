import LoadModel

/// Seeded byte mutations of valid inputs, in the manner of libFuzzer's: flips, inserts, deletes, splices,
/// repeats and dictionary words, stacked a few at a time. The same seed always gives the same inputs, so a
/// failure names the seed and iteration that reproduce it.
struct Mutator {
    /// Longest input produced, in bytes: enough to cross every parser limit worth crossing, yet fast.
    var maxLength: Int
    /// Byte strings that mean something to the parser under test (`\r\n`, `Content-Length: `, `\u`).
    var dictionary: [[UInt8]]
    private var random: SeededRandom

    init(seed: UInt64, maxLength: Int = 64 * 1024, dictionary: [String] = []) {
        self.maxLength = maxLength
        self.dictionary = dictionary.map { Array($0.utf8) }
        random = SeededRandom(seed: seed)
    }

    /// Bytes worth trying anywhere: line ends, NUL, DEL, quote, escape, brackets, and invalid UTF-8 leads.
    static let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x2C, 0x2E, 0x3A, 0x5C, 0x7B, 0x7D, 0x5B,
                                       0x5D, 0x7F, 0x80, 0xC0, 0xED, 0xF4, 0xFF, 0x30, 0x39, 0x2D, 0x2F]

    /// A uniform integer in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

    /// One to four stacked mutations of `input`; `corpus` supplies splice partners.
    mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) { bytes = once(bytes, corpus: corpus) }
        return bytes.count > maxLength ? Array(bytes.prefix(maxLength)) : bytes
    }

    private mutating func once(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var b = input
        let at = b.isEmpty ? 0 : below(b.count)
        switch below(9) {
        case 0 where !b.isEmpty:  // flip one bit
            b[at] ^= 1 << UInt8(below(8))
        case 1 where !b.isEmpty:  // overwrite with an interesting byte
            b[at] = Self.interesting[below(Self.interesting.count)]
        case 2:  // insert random bytes
            b.insert(contentsOf: (0..<1 + below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        case 3 where !b.isEmpty:  // delete a run
            b.removeSubrange(at..<min(b.count, at + 1 + below(16)))
        case 4 where !corpus.isEmpty:  // splice: our head, another input's tail
            let other = corpus[below(corpus.count)]
            let from = other.isEmpty ? 0 : below(other.count)
            b = Array(b[..<at]) + Array(other[from...])
        case 5 where !b.isEmpty:  // repeat a chunk many times (deep nesting, long lines, many fields)
            let end = min(b.count, at + 1 + below(32))
            let times = [2, 16, 300, 5000][below(4)]
            let chunk = b[at..<end]
            var repeated: [UInt8] = []
            repeated.reserveCapacity(chunk.count * times)
            for _ in 0..<times where repeated.count < maxLength { repeated += chunk }
            b.insert(contentsOf: repeated, at: end)
        case 6 where !dictionary.isEmpty:  // insert a dictionary word
            b.insert(contentsOf: dictionary[below(dictionary.count)], at: at)
        case 7 where !b.isEmpty:  // duplicate a span elsewhere (a repeated key, a second header)
            let end = min(b.count, at + 1 + below(64))
            let span = Array(b[at..<end])
            b.insert(contentsOf: span, at: below(b.count + 1))
        case 8 where b.count > 1:  // truncate
            b.removeSubrange(at...)
        default:  // a case whose precondition failed: add one interesting byte instead
            b.insert(Self.interesting[below(Self.interesting.count)], at: at)
        }
        return b
    }
}
