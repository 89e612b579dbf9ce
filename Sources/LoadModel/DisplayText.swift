/// Text from a data file made safe to show in an error message.
///
/// Messages reach a terminal, and a hostile file could otherwise send it escape sequences or a thousand lines;
/// values are quoted with control characters escaped, and long ones are cut.
public enum DisplayText {
    /// Longest value shown in a message, in characters, before it is cut with `…`.
    static let maxShown = 80

    /// `s` in double quotes, JSON-style escapes for quotes, backslashes and control characters, cut when long.
    public static func quoted(_ s: String) -> String { "\"" + escaped(cut(s), quotes: true) + "\"" }

    /// `s`, or its first `maxShown` characters and `…`.
    public static func cut(_ s: String) -> String { s.count > maxShown ? String(s.prefix(maxShown)) + "…" : s }

    /// A JSON value as compact JSON text, cut when long (a found value in a message).
    public static func json(_ value: JSONValue) -> String {
        cut(JSONText.serialize(value))
    }

    /// `s` with C0 controls, DEL and C1 controls written as `\uXXXX` (and `\n`, `\r`, `\t`), so nothing in it
    /// acts on a terminal.
    public static func escapingControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        return escaped(s, quotes: false)
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool { c.value < 0x20 || (0x7F...0x9F).contains(c.value) }

    private static func escaped(_ s: String, quotes: Bool) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where quotes: out += "\\\""
            case "\\" where quotes: out += "\\\\"
            case _ where isControl(c):
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
