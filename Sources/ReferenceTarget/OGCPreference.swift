import HTTPServer

/// Reads the HTTP `Prefer` header (RFC 7240) the way OGC API – Processes uses it to choose the execution mode.
enum OGCPreference {
    /// True when a `Prefer` header asserts `respond-async` (RFC 7240 section 4.1).
    ///
    /// RFC 7240 section 2: preferences are a comma-separated list, each a token optionally followed by `=value`
    /// and `;`-separated parameters; tokens compare case-insensitively, and several `Prefer` fields combine.
    static func respondAsync(in request: HTTPRequest) -> Bool {
        let wanted = Array("respond-async".utf8)
        for field in request.headers where field.name == "prefer" {
            for preference in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                var token = Array(preference.prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "=") })
                while let last = token.last, last == 0x20 || last == 0x09 { token.removeLast() }
                let start = token.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? token.endIndex
                if token[start...].map(lowercased) == wanted { return true }
            }
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
