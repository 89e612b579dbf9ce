/// Each key of a history line's object as the writer puts it, `"name":`, packed into little-endian words, so that
/// the key the scanner expects next is recognised with one to three word comparisons instead of a byte loop.
/// A miss (another key, spaces before the colon, a big-endian machine) only sends the scanner the slow way.
final class KeyNeedles<K: ScannedKey & RawRepresentable> where K.RawValue == Int {
    private struct Needle {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var masks: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
    }

    private let needles: UnsafeMutablePointer<Needle>
    private let slots: Int

    init() {
        slots = (K.allCases.map(\.rawValue).max() ?? 0) + 1
        needles = .allocate(capacity: slots)
        needles.initialize(repeating: Needle(), count: slots)
        for key in K.allCases {
            let name = key.name
            let bytes = [UInt8(ascii: "\"")] + UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
            // A name too long for three words is never matched here; the slow way still reads it.
            guard bytes.count <= 24 else { continue }
            var words: [UInt64] = [0, 0, 0], masks: [UInt64] = [0, 0, 0]
            for (k, b) in bytes.enumerated() {
                words[k / 8] |= UInt64(b) << (8 * UInt64(k % 8))
                masks[k / 8] |= 0xFF << (8 * UInt64(k % 8))
            }
            needles[key.rawValue] = Needle(words: (words[0], words[1], words[2]), masks: (masks[0], masks[1], masks[2]), count: bytes.count)
        }
    }

    deinit {
        needles.deinitialize(count: slots)
        needles.deallocate()
    }

    /// The length of `key`'s needle when the `available` bytes at `p` start with it, or nil.
    @inline(__always)
    func match(_ key: K, at p: UnsafePointer<UInt8>, available: Int) -> Int? {
        let needle = needles[key.rawValue]
        let count = needle.count
        // Whole words are read, so they must all lie within the line.
        guard count > 0, available >= (count + 7) & ~7 else { return nil }
        let raw = UnsafeRawPointer(p)
        var differ = (raw.loadUnaligned(as: UInt64.self) ^ needle.words.0) & needle.masks.0
        if count > 8 { differ |= (raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ needle.words.1) & needle.masks.1 }
        if count > 16 { differ |= (raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) ^ needle.words.2) & needle.masks.2 }
        return differ == 0 ? count : nil
    }
}
