/// Escaping for text placed in HTML and inline SVG, in element content and in quoted attribute values alike.
///
/// Run ids, job ids, API status names, messages and request paths all come from the target or the user, so
/// every one of them goes through here before it reaches the report.
public enum HTMLText {
    /// `s` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
