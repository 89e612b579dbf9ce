/// Reads parameters from a URL query (`a=1&jobid=j%2042`) the way form decoding does.
enum QueryString {
    /// The percent-decoded value of the first parameter called `name`, or nil when there is none.
    ///
    /// A parameter without `=` has the empty value. Names are decoded too, so `job%69d=x` is `jobid`.
    static func value(of name: String, in query: Substring?) -> String? {
        guard let query else { return nil }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = pair[pair.startIndex..<(equals ?? pair.endIndex)]
            guard percentDecode(rawName) == name else { continue }
            guard let equals else { return "" }
            return percentDecode(pair[pair.index(after: equals)...])
        }
        return nil
    }

    /// Decodes `%XX` escapes and `+` (a space in form encoding); malformed escapes stay as they are.
    static func percentDecode(_ raw: some Collection<UInt8>) -> String {
        // The common case, an id with nothing to decode, skips the copy.
        if !raw.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index != raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"),
                      let first = raw.index(index, offsetBy: 1, limitedBy: raw.endIndex), first != raw.endIndex,
                      let second = raw.index(first, offsetBy: 1, limitedBy: raw.endIndex), second != raw.endIndex,
                      let high = hexValue(raw[first]), let low = hexValue(raw[second]) {
                out.append(high << 4 | low)
                index = second
            } else {
                out.append(byte)
            }
            index = raw.index(after: index)
        }
        // Invalid UTF-8 after decoding becomes U+FFFD: the id then simply matches no job.
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of one ASCII hex digit, or nil.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
