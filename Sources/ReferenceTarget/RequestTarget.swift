/// A request-target split into path and query on bytes rather than Characters.
///
/// `HTTPRequest.path` walks Characters (grapheme breaking), which costs more than the rest of a status
/// read; routing only ever needs ASCII delimiters, so it works on UTF-8 code units here.
struct RequestTarget {
    /// Everything before the first `?`.
    let path: Substring
    /// Everything after the first `?`, or nil when there is no `?`.
    let query: Substring?

    init(_ target: String) {
        let utf8 = target.utf8
        if let mark = utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = Substring(utf8[..<mark])
            query = Substring(utf8[utf8.index(after: mark)...])
        } else {
            path = target[...]
            query = nil
        }
    }

    /// True when the path is exactly `literal`, compared byte for byte.
    func pathIs(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { path.utf8.elementsEqual($0) }
    }

    /// The path's `/`-separated segments after `prefix` (which ends in `/`), or nil when it does not start so.
    func segments(after prefix: StaticString) -> [Substring.UTF8View]? {
        let utf8 = path.utf8
        let matches = prefix.withUTF8Buffer { utf8.starts(with: $0) }
        guard matches else { return nil }
        let rest = utf8.dropFirst(prefix.utf8CodeUnitCount)
        return rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    }
}

extension Substring.UTF8View {
    /// True when these bytes spell `literal`.
    func spells(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { elementsEqual($0) }
    }
}
