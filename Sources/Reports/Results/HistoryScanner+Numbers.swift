import Foundation
import LoadModel

/// The scanner's numbers: integers, doubles and the body hash, each read exactly as `JSONParser` (and `UInt64(_:radix:)`)
/// would read them, or nil so that the caller leaves the line to the general parser.
extension HistoryScanner {
    /// An integer the parser would read as the same Double (at most 2^53, no fraction or exponent).
    @inline(__always) mutating func integer() -> Int64? {
        let negative = take(UInt8(ascii: "-"))
        let start = i
        var v: Int64 = 0
        // Eight digits at a time where eight bytes can be read (SWAR); more than seventeen digits is never exact.
        while i + 8 <= bytes.count {
            let (run, value) = Self.digits(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))
            guard run > 0 else { break }
            guard i - start + run <= 17 else { return nil }
            v = v &* Self.powersOfTenInt[run] &+ value
            i += run
            if run < 8 { break }
        }
        while i < bytes.count, bytes[i] &- 0x30 < 10, i - start < 17 { v = v &* 10 &+ Int64(bytes[i] &- 0x30); i += 1 }
        let digits = i - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0"), v <= 1 << 53 else { return nil }
        let after = peek
        guard after &- 0x30 >= 10, after != UInt8(ascii: "."), after != UInt8(ascii: "e"), after != UInt8(ascii: "E") else { return nil }
        return negative ? -v : v
    }

    /// How many of the eight bytes of `w` (little-endian: the first byte lowest) are digits before the first one
    /// that is not, and their value. On a big-endian machine the run is read backwards, so the count of digits
    /// found stays exact but the value would not be: there the run is refused (0) and the byte loop reads them.
    @inline(__always) static func digits(_ w: UInt64) -> (run: Int, value: Int64) {
        guard UInt64(1).littleEndian == 1 else { return (0, 0) }
        // A byte is a digit when its high nibble is 3 and adding 6 keeps it so; the lowest flagged byte is exact
        // (a carry out of a non-digit byte only disturbs the bytes above it).
        let notDigit = ((w & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            | (((w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
        let run = notDigit == 0 ? 8 : notDigit.trailingZeroBitCount / 8
        guard run > 0 else { return (0, 0) }
        // The run's digit values moved to the top bytes, zeros (leading zeros) below, then combined pairwise.
        var x = (w &- 0x3030_3030_3030_3030) << (8 * UInt64(8 - run))
        x = (x &* 10 &+ (x >> 8)) & 0x00FF_00FF_00FF_00FF
        x = (x &* 100 &+ (x >> 16)) & 0x0000_FFFF_0000_FFFF
        x = (x &* 10_000 &+ (x >> 32)) & 0xFFFF_FFFF
        return (run, Int64(x))
    }

    /// 10^0 through 10^8.
    static let powersOfTenInt: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// A JSON number as the parser reads it, or `.some(nil)` for null; nil when the text is not a JSON number.
    mutating func number() -> Double?? {
        if null() { return .some(nil) }
        let start = i
        let negative = take(UInt8(ascii: "-"))
        var mantissa: UInt64 = 0, significant = 0, exponent = 0
        func digits(_ s: inout HistoryScanner, fraction: Bool) -> Int {
            let from = s.i
            while s.i < s.bytes.count, s.bytes[s.i] &- 0x30 < 10 {
                if significant < 19 { mantissa = mantissa &* 10 &+ UInt64(s.bytes[s.i] &- 0x30) } else if !fraction { exponent += 1 }
                if significant < 19, fraction { exponent -= 1 }
                if mantissa > 0 { significant += 1 }
                s.i += 1
            }
            return s.i - from
        }
        let whole = i
        let intDigits = digits(&self, fraction: false)
        guard intDigits > 0, intDigits == 1 || bytes[whole] != UInt8(ascii: "0") else { return nil }
        if take(UInt8(ascii: ".")) { guard digits(&self, fraction: true) > 0 else { return nil } }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            let minus = take(UInt8(ascii: "-"))
            if !minus { _ = take(UInt8(ascii: "+")) }
            var e = 0, n = 0
            while i < bytes.count, bytes[i] &- 0x30 < 10 { if e < 100_000 { e = e * 10 + Int(bytes[i] &- 0x30) }; i += 1; n += 1 }
            guard n > 0 else { return nil }
            exponent += minus ? -e : e
        }
        // Exact when the digits fit a Double and the power of ten is exact (Clinger's fast path); otherwise the
        // parser's own conversion of the same text.
        if significant <= 15, (-22...22).contains(exponent) {
            let m = Double(mantissa)
            let v = exponent < 0 ? m / Self.powersOfTen[-exponent] : m * Self.powersOfTen[exponent]
            return .some(negative ? -v : v)
        }
        return .some(Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)))
    }

    /// 10^0 through 10^22, each exact (made by multiplying by ten, every step exact).
    static let powersOfTen: [Double] = (0...22).reduce(into: [Double]()) { table, k in table.append(k == 0 ? 1 : table[k - 1] * 10) }

    /// A `body_hash`: lowercase or uppercase hex, read as `UInt64(_:radix: 16)` would, 0 when that fails.
    @inline(__always) mutating func hexHash() -> UInt64? {
        if null() { return 0 }
        guard let (p, n) = plain() else { return nil }
        var v: UInt64 = 0
        if n >= 1, n <= 16 {
            for k in 0..<n {
                let b = p[k]
                let d: UInt8 = b &- 0x30 < 10 ? b &- 0x30 : (b | 0x20) &- 0x61 < 6 ? (b | 0x20) &- 0x61 + 10 : 0xFF
                guard d != 0xFF else { return UInt64(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self), radix: 16) ?? 0 }
                v = v << 4 | UInt64(d)
            }
            return v
        }
        return UInt64(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self), radix: 16) ?? 0
    }
}
