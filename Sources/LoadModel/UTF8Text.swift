/// Checks on bytes that must be UTF-8 text, with positions a person can find in an editor.
public enum UTF8Text {
    /// The offset of the first byte that does not begin a well-formed UTF-8 sequence, or nil when every byte does.
    ///
    /// Strict as the standard library's decoder is: overlong forms, surrogates and scalars above U+10FFFF are
    /// errors, so text that passes decodes without a single replacement character.
    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        // ASCII needs no decoder: skipping it first keeps a mostly-ASCII profile at memory speed.
        var offset = 0
        while offset < bytes.count && bytes[offset] < 0x80 { offset += 1 }
        if offset == bytes.count { return nil }
        var iterator = bytes[offset...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The 1-based line and column of the byte at `offset`; columns count Unicode scalars, as editors do.
    public static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for b in bytes[..<min(max(offset, 0), bytes.count)] {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
