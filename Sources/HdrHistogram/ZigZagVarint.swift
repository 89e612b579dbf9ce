/// HdrHistogram's "ZigZag LEB128-64b9B" integers: ZigZag so small negatives stay short, then 7 bits per byte
/// with a continuation bit, except that a 9th byte carries a full 8 bits (a 64-bit value fits in 9 bytes,
/// never 10).
enum ZigZagVarint {
    static func append(_ value: Int64, to out: inout [UInt8]) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        for _ in 0..<8 {
            if v >> 7 == 0 { out.append(UInt8(v)); return }
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    /// Reads one value at `position` and moves past it; nil when the bytes end mid-value.
    static func read(_ bytes: ArraySlice<UInt8>, at position: inout Int) -> Int64? {
        var v: UInt64 = 0
        for i in 0..<9 {
            guard position < bytes.endIndex else { return nil }
            let byte = bytes[position]
            position += 1
            if i == 8 {
                v |= UInt64(byte) << 56
                break
            }
            v |= UInt64(byte & 0x7F) << UInt64(7 * i)
            if byte & 0x80 == 0 { break }
        }
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
