/// Appends text to a byte buffer without making a `String` per piece: decimal and hex integers, and a `String`'s
/// UTF-8. The results files (requests.csv, jobs.csv, history.jsonl) are built with these, a row or a line per
/// exchange, so the hot path pays no string interpolation, no `description` call and no temporary allocation.
public enum ByteText {
    /// Appends `v` in decimal, `-` first when negative: the bytes `String(v)` spells.
    @inlinable
    public static func appendDecimal(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(v.magnitude, to: &out)
    }

    /// Appends `v` in decimal: the bytes `String(v)` spells.
    @inlinable
    public static func appendDecimal(_ v: Int, to out: inout [UInt8]) { appendDecimal(Int64(v), to: &out) }

    /// Appends `v` in decimal: the digits are made right to left in a buffer on the stack, then copied once.
    @inlinable
    public static func appendDecimal(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 { out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            var rest = v
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    /// Appends `v` in lower-case hex without leading zeros: the bytes `String(v, radix: 16)` spells.
    @inlinable
    public static func appendHex(_ v: UInt64, to out: inout [UInt8]) {
        var digits = 1
        while digits < 16, v >> (4 * UInt64(digits)) != 0 { digits += 1 }
        var shift = 4 * (digits - 1)
        while shift >= 0 {
            let d = UInt8(truncatingIfNeeded: (v >> UInt64(shift)) & 0xF)
            out.append(d < 10 ? UInt8(ascii: "0") &+ d : UInt8(ascii: "a") &+ (d &- 10))
            shift -= 4
        }
    }

    /// Appends a literal's bytes (no `String` made).
    @inlinable
    public static func append(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends the UTF-8 of `s`.
    @inlinable
    public static func appendUTF8(_ s: String, to out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }

    /// Calls `body` with `s`'s UTF-8 as one buffer: a native string's own storage, without copying; any other
    /// (a bridged or lazily made one) copied once.
    @inlinable
    public static func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(s.utf8).withUnsafeBufferPointer(body)
    }
}
