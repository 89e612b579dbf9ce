/// JSON text written straight into a byte buffer: the same bytes as `quote`, `number` and `serialize` spell,
/// without a `String` per value. history.jsonl is built with these, one line per exchange.
extension JSONText {
    /// Appends `s` as a JSON string literal, quotes included: the bytes `quote(s)` spells.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        ByteText.withUTF8(s) { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `s` quoted, or `null` when it is nil.
    public static func appendQuoted(_ s: String?, to out: inout [UInt8]) {
        if let s { appendQuoted(s, to: &out) } else { appendNull(to: &out) }
    }

    /// Appends `null`.
    public static func appendNull(to out: inout [UInt8]) { ByteText.append("null", to: &out) }

    /// Appends UTF-8 text escaped for the inside of a JSON string: `"` and `\` get a backslash, LF, CR and tab
    /// their short escapes, other C0 controls `\u00XX` in lower-case hex; everything else (DEL, non-ASCII) is
    /// copied as it is. Runs of bytes that need no escape are copied whole.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { i += 1; continue }
            if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
            out.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                // A C0 control: \u00 and two lower-case hex digits (the high one is 0 or 1).
                let low = b & 0xF
                out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), UInt8(ascii: "0") + (b >> 4),
                                        low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + (low - 10)])
            }
            i += 1
            start = i
        }
        if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
    }

    /// Appends a number as `number(d)` spells it.
    public static func appendNumber(_ d: Double, to out: inout [UInt8]) {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { ByteText.appendDecimal(Int64(d), to: &out); return }
        out.append(contentsOf: number(d).utf8)
    }

    /// Appends a number, or `null` when it is nil.
    public static func appendNumber(_ d: Double?, to out: inout [UInt8]) {
        if let d { appendNumber(d, to: &out) } else { appendNull(to: &out) }
    }

    /// Appends the compact JSON text of a value: the bytes `serialize(value)` spells.
    public static func appendSerialized(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: appendNull(to: &out)
        case .bool(let b): ByteText.append(b ? "true" : "false", to: &out)
        case .number(let d): appendNumber(d, to: &out)
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendSerialized(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendQuoted(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendSerialized(m.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
