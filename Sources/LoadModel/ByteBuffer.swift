/// A growable byte buffer that results rows and history lines are written into field by field.
///
/// An `[UInt8]` pays a generic `append(contentsOf:)` and a uniqueness check per piece, and a line of
/// history.jsonl is some fifty pieces; here a piece is a bounds check and a copy. Noncopyable, so the memory has
/// one owner and is freed once.
public struct ByteBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// How many bytes are written (`count`); settable from inlined appends.
    @usableFromInline var written = 0
    /// Bytes written.
    public var count: Int { written }

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, copied into an array.
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: written)) }

    /// Forgets the bytes written, keeping the memory.
    public mutating func removeAll() { written = 0 }

    /// Makes room for `n` more bytes.
    @inlinable
    mutating func reserve(_ n: Int) {
        if written + n > capacity { grow(written + n) }
    }

    @usableFromInline
    mutating func grow(_ needed: Int) {
        let bigger = max(needed, capacity * 2)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        fresh.initialize(from: base, count: written)
        base.deallocate()
        base = fresh
        capacity = bigger
    }

    /// Appends one byte.
    @inlinable
    public mutating func append(_ b: UInt8) {
        reserve(1)
        base[written] = b
        written += 1
    }

    /// Appends a literal's bytes.
    @inlinable
    public mutating func append(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + written).initialize(from: s.utf8Start, count: n)
        written += n
    }

    /// Appends bytes.
    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + written).initialize(from: from, count: bytes.count)
        written += bytes.count
    }

    /// Appends bytes.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends the UTF-8 of `s`.
    public mutating func appendUTF8(_ s: String) {
        ByteText.withUTF8(s) { append($0) }
    }

    /// Appends `v` in decimal: the bytes `String(v)` spells.
    public mutating func appendDecimal(_ v: Int) { appendDecimal(Int64(v)) }

    /// Appends `v` in decimal: the bytes `String(v)` spells. Two digits per division, from a table of pairs.
    public mutating func appendDecimal(_ v: Int64) {
        reserve(20)
        if v < 0 { base[written] = UInt8(ascii: "-"); written += 1 }
        var rest = v.magnitude
        var digits = 1
        var bound: UInt64 = 10
        while rest >= bound {
            digits += 1
            if digits == 20 { break }  // 10^19 is the last power of ten below UInt64.max
            bound &*= 10
        }
        let pairs = Self.digitPairs.utf8Start
        var i = written + digits
        while rest >= 100 {
            let q = rest / 100
            let r = Int(truncatingIfNeeded: rest &- q &* 100) &* 2
            i -= 2
            base[i] = pairs[r]
            base[i + 1] = pairs[r + 1]
            rest = q
        }
        if rest >= 10 {
            let r = Int(truncatingIfNeeded: rest) &* 2
            base[i - 2] = pairs[r]
            base[i - 1] = pairs[r + 1]
        } else {
            base[i - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
        }
        written += digits
    }

    /// "00" to "99", for `appendDecimal`.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Appends `v` in lower-case hex without leading zeros: the bytes `String(v, radix: 16)` spells.
    public mutating func appendHex(_ v: UInt64) {
        reserve(16)
        var digits = 1
        while digits < 16, v >> (4 * UInt64(digits)) != 0 { digits += 1 }
        for k in 0..<digits {
            let d = UInt8(truncatingIfNeeded: (v >> (4 * UInt64(digits - 1 - k))) & 0xF)
            base[written + k] = d < 10 ? UInt8(ascii: "0") &+ d : UInt8(ascii: "a") &+ (d &- 10)
        }
        written += digits
    }
}

extension ByteBuffer {
    /// Appends `s` as a JSON string literal, quotes included: the bytes `JSONText.quote(s)` spells.
    public mutating func appendJSONQuoted(_ s: String) {
        ByteText.withUTF8(s) { bytes in
            // Worst case every byte a six-byte \u00XX escape, and the quotes.
            reserve(bytes.count * 6 + 2)
            var n = written
            base[n] = UInt8(ascii: "\""); n += 1
            for b in bytes {
                if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { base[n] = b; n += 1; continue }
                base[n] = UInt8(ascii: "\\"); n += 1
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): base[n] = b; n += 1
                case 0x0A: base[n] = UInt8(ascii: "n"); n += 1
                case 0x0D: base[n] = UInt8(ascii: "r"); n += 1
                case 0x09: base[n] = UInt8(ascii: "t"); n += 1
                default:
                    // A C0 control: \u00 and two lower-case hex digits (the high one is 0 or 1).
                    let low = b & 0xF
                    base[n] = UInt8(ascii: "u"); base[n + 1] = UInt8(ascii: "0"); base[n + 2] = UInt8(ascii: "0")
                    base[n + 3] = UInt8(ascii: "0") + (b >> 4)
                    base[n + 4] = low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + (low - 10)
                    n += 5
                }
            }
            base[n] = UInt8(ascii: "\""); n += 1
            written = n
        }
    }

    /// Appends `s` quoted, or `null` when it is nil.
    public mutating func appendJSONQuoted(_ s: String?) {
        if let s { appendJSONQuoted(s) } else { append("null") }
    }

    /// Appends a number as `JSONText.number(d)` spells it, or `null` when it is nil.
    public mutating func appendJSONNumber(_ d: Double?) {
        guard let d else { append("null"); return }
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { appendDecimal(Int64(d)); return }
        appendUTF8(JSONText.number(d))
    }

    /// Appends the compact JSON text of a value, as `JSONText.serialize` spells it.
    public mutating func appendJSONSerialized(_ value: JSONValue) {
        var bytes: [UInt8] = []
        JSONText.appendSerialized(value, to: &bytes)
        append(bytes)
    }
}
