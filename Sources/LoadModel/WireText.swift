/// What profile text may hold when cancelbench sends it: HTTP tokens, request targets and field values.
///
/// A profile's method, path and headers go into the request line and header fields verbatim, so a CR or LF in
/// them would end the line early and let whoever wrote the profile add header fields or a whole request of
/// their own (header injection, RFC 9112 §2.2). These rules are those of RFC 9110 §5.6.2 and RFC 9112 §3.2.
enum WireText {
    /// Whether `b` is a `tchar`, the characters of methods and header names.
    static func isTchar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Whether `s` is an HTTP token: one or more `tchar`.
    static func isToken(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy(isTchar) }

    /// The first byte of `s` that no field value may hold (C0 controls and DEL), with its offset.
    ///
    /// HTAB is legal in a field value but refused too: no API needs one, and a tab in a profile is a typo.
    static func firstControl(in s: String) -> (offset: Int, byte: UInt8)? {
        for (i, b) in s.utf8.enumerated() where b < 0x20 || b == 0x7F { return (i, b) }
        return nil
    }

    /// The first byte of `s` that a request target may not hold (anything but visible ASCII), with its offset.
    ///
    /// Spaces would split the request line, and raw UTF-8 is not a valid target: both must be percent-encoded.
    static func firstNonTarget(in s: String) -> (offset: Int, byte: UInt8)? {
        for (i, b) in s.utf8.enumerated() where b <= 0x20 || b >= 0x7F { return (i, b) }
        return nil
    }

    /// A byte named for a message: `a line feed (0x0A)`.
    static func name(_ b: UInt8) -> String {
        let hex = "0x" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
        switch b {
        case 0x0A: return "a line feed (\(hex))"
        case 0x0D: return "a carriage return (\(hex))"
        case 0x09: return "a tab (\(hex))"
        case 0x20: return "a space"
        case 0x00..<0x20, 0x7F: return "a control character (\(hex))"
        default: return "a non-ASCII byte (\(hex))"
        }
    }
}
