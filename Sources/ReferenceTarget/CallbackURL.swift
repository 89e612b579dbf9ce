/// A beatra `callback_url` the target agrees to call: `http://127.0.0.1[:port][/path]` or the same with
/// `localhost`. Anything else is refused at submit, so the target can never be made to connect off the host.
struct CallbackURL: Sendable, Equatable {
    /// TCP port on 127.0.0.1 (80 when the URL names none).
    let port: UInt16
    /// The host as written (`127.0.0.1` or `localhost`), for the Host header.
    let host: String
    /// Path and query to request, starting with `/`; the fragment is dropped.
    let path: String

    /// Parses `text`, or nil when it is not a loopback http URL. Control characters and spaces are refused
    /// anywhere, so the path can go into a request line without letting a client inject headers.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count <= 2048, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let scheme = Array("http://".utf8)
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) else {
            return nil
        }
        let rest = bytes[scheme.count...]
        let authorityEnd = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
            ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var hostBytes = authority[...]
        var port: UInt16 = 80
        if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
            hostBytes = authority[..<colon]
            let digits = authority[(colon + 1)...]
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let value = Int(String(decoding: digits, as: UTF8.self)), (1...65_535).contains(value) else {
                return nil
            }
            port = UInt16(value)
        }
        let host = String(decoding: hostBytes, as: UTF8.self)
        // Only the two spellings of the loopback host: no other address, no userinfo (`@`), no IPv6.
        guard host == "127.0.0.1" || host.lowercased() == "localhost" else { return nil }
        var tail = bytes[authorityEnd...]
        if let hash = tail.firstIndex(of: UInt8(ascii: "#")) { tail = tail[..<hash] }
        var path = String(decoding: tail, as: UTF8.self)
        if !path.hasPrefix("/") { path = "/" + path }
        self.port = port
        self.host = host
        self.path = path
    }
}
