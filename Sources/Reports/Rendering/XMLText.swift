/// Escaping for XML 1.0 text and attribute values.
enum XMLText {
    /// `s` safe inside an element or a double- or single-quoted attribute.
    ///
    /// `&`, `<`, `>`, `"` and `'` become entities; characters XML 1.0 forbids (C0 controls other than tab,
    /// newline and return; U+FFFE, U+FFFF) are dropped, since no escape makes them legal and one such byte in
    /// a server's answer would make the whole file unreadable to CI.
    static func escape(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Parsers normalize raw newlines and tabs in attributes to spaces; character references survive.
            case "\n" where attribute: out += "&#10;"
            case "\r" where attribute: out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            // A raw carriage return would be read back as a newline; keep it as written.
            case "\r": out += "&#13;"
            case _ where isLegal(scalar): out.unicodeScalars.append(scalar)
            default: continue
            }
        }
        return out
    }

    /// Whether XML 1.0's `Char` production allows the scalar (Swift strings never hold surrogates).
    static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v == 0x9 || v == 0xA || v == 0xD || (0x20...0xFFFD).contains(v) || v >= 0x10000
    }
}
