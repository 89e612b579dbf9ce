import Foundation
import LoadModel

/// The scanner's JSON values. Each reads exactly what `JSONParser` would read, or returns nil for anything else
/// (an escape, a control character, a number the fast path cannot make exactly): the caller then gives the
/// whole line to the general parser, so the two can never disagree.
extension HistoryScanner {
    @inline(__always) var peek: UInt8 { i < bytes.count ? bytes[i] : 0 }

    @inline(__always) mutating func skipSpace() {
        // Recorded lines have no whitespace: one comparison decides that there is none here.
        while i < bytes.count, bytes[i] <= 0x20, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    @inline(__always) mutating func take(_ b: UInt8) -> Bool {
        guard peek == b else { return false }
        i += 1
        return true
    }

    /// `null` at the cursor (taken), or false.
    @inline(__always) mutating func null() -> Bool {
        guard i + 4 <= bytes.count, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
              bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else { return false }
        i += 4
        return true
    }

    /// A string without escapes or control characters: where its bytes start and how many there are.
    @inline(__always) mutating func plain() -> (start: UnsafePointer<UInt8>, count: Int)? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var j = start
        // Eight bytes at a time up to the first quote, backslash or control character (the lowest flagged byte
        // of each test is exact), then byte by byte from there.
        while j + 8 <= bytes.count {
            let w = UnsafeRawPointer(bytes.baseAddress! + j).loadUnaligned(as: UInt64.self)
            let special = Self.zeroByte(w ^ 0x2222_2222_2222_2222) | Self.zeroByte(w ^ 0x5C5C_5C5C_5C5C_5C5C)
                | (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
            if special != 0 { j += special.trailingZeroBitCount / 8; break }
            j += 8
        }
        while j < bytes.count {
            let b = bytes[j]
            if b == UInt8(ascii: "\"") {
                i = j + 1
                return (bytes.baseAddress! + start, j - start)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            j += 1
        }
        return nil
    }

    /// The high bit of each byte of `w` that is zero (exact for the lowest such byte).
    @inline(__always) static func zeroByte(_ w: UInt64) -> UInt64 { (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 }

    /// A string (its value as the general parser would make it, from `strings`) or null; nil for anything else.
    @inline(__always) mutating func string() -> String?? {
        if null() { return .some(nil) }
        guard let (p, n) = plain() else { return nil }
        return .some(strings.value(p, n))
    }

    /// The case of `table` a string names; nil for null, an unknown name or anything else.
    @inline(__always) mutating func name<N>(_ table: NameTable<N>) -> N? {
        guard let (p, n) = plain() else { return nil }
        return table.name(p, n, available: bytes.baseAddress! + bytes.count - p)
    }

    /// Moves past a value the scanner does not keep (`run_id`, `state`), checking it is one the parser accepts:
    /// a plain string, a number or a literal. Anything else is nil.
    mutating func skipScalar() -> Bool {
        if plain() != nil || null() { return true }
        for word in ["true", "false"] as [StaticString] where i + word.utf8CodeUnitCount <= bytes.count
            && memcmp(bytes.baseAddress! + i, word.utf8Start, word.utf8CodeUnitCount) == 0 {
            i += word.utf8CodeUnitCount
            return true
        }
        guard peek == UInt8(ascii: "-") || peek &- 0x30 < 10 else { return false }
        return number() != nil
    }

    /// Moves past one JSON value of any kind, strings with escapes and nesting too, without checking it: the
    /// caller parses what it spans (`error_body`).
    mutating func skipValue() -> Bool {
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            i += 1
            return i <= bytes.count
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                guard i < bytes.count else { return false }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { guard skipValue() else { return false }; continue }
                if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") { depth -= 1 }
                i += 1
            } while depth > 0
            return true
        default:
            while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), bytes[i] != UInt8(ascii: "]") { i += 1 }
            return true
        }
    }
}
