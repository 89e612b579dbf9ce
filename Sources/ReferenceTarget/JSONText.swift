/// A JSON text built byte by byte, without Foundation, so a status read costs microseconds.
///
/// Callers append punctuation themselves; this type only knows how to write values correctly
/// (escaped strings, integers, fixed-point decimals, ISO-8601 instants).
struct JSONText {
    /// The UTF-8 bytes written so far.
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Appends text verbatim: punctuation, keys known to need no escaping, or already valid JSON.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes verbatim (already valid JSON, for example a stored `input` object).
    mutating func raw(bytes more: some Sequence<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// Appends a quoted, escaped JSON string (RFC 8259 section 7).
    /// Kept apart from LoadModel's `JSONText.quote` (same bytes out) because the system under test never uses the checker's code.
    mutating func string(_ value: some StringProtocol) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                // Other control characters have no short escape: \u00XX.
                raw("\\u00")
                bytes.append(JSONText.hexDigit(byte >> 4))
                bytes.append(JSONText.hexDigit(byte & 0xF))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a decimal integer.
    mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            digits(value.magnitude, minimumWidth: 1)
        } else {
            digits(UInt64(value), minimumWidth: 1)
        }
    }

    /// Appends a fixed-point decimal string with 6 decimals (`"12.345678"`) from integer millionths.
    mutating func micros(_ value: Int64) {
        bytes.append(UInt8(ascii: "\""))
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        digits(magnitude / 1_000_000, minimumWidth: 1)
        bytes.append(UInt8(ascii: "."))
        digits(magnitude % 1_000_000, minimumWidth: 6)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a quoted ISO-8601 UTC instant with milliseconds, from nanoseconds since the Unix epoch.
    mutating func timestamp(unixNanoseconds: Int64) {
        bytes.append(UInt8(ascii: "\""))
        ISOTimestamp.append(unixNanoseconds: unixNanoseconds, to: &self)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an unsigned number in decimal, left-padded with zeros to `minimumWidth` digits.
    mutating func digits(_ value: UInt64, minimumWidth: Int) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits.
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var v = value, end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v != 0
            while buffer.count - end < minimumWidth && end > 0 {
                end -= 1
                buffer[end] = UInt8(ascii: "0")
            }
            bytes.append(contentsOf: buffer[end...])
        }
    }

    /// Appends `value` as lowercase hexadecimal, left-padded with zeros to `minimumWidth` digits.
    mutating func hex(_ value: UInt64, minimumWidth: Int) {
        var width = 1
        while width < 16 && value >> (4 * UInt64(width)) != 0 { width += 1 }
        width = max(width, minimumWidth)
        for position in stride(from: width - 1, through: 0, by: -1) {
            let nibble = position < 16 ? UInt8((value >> (4 * UInt64(position))) & 0xF) : 0
            bytes.append(JSONText.hexDigit(nibble))
        }
    }

    /// The lowercase ASCII hex digit for a nibble.
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
