import Foundation
import LoadModel

/// Replaces every secret (tokens, API keys, URL user info) with `[redacted]` in bytes about to be recorded,
/// including the forms a target may echo them in: JSON-escaped (with or without `\/`), percent-encoded,
/// CSV-quoted. Applied to whole buffers at flush time, so it costs one search pass per form per 64 KB written.
public struct Redactor: Sendable {
    /// The byte strings replaced, longest first (so a secret inside another is not half-replaced).
    let forms: [[UInt8]]
    static let replacement = Array("[redacted]".utf8)

    /// Redacts nothing.
    public static let none = Redactor(secrets: [])

    /// `secrets` are the raw values; empty ones are ignored.
    public init(secrets: [String]) {
        var forms = Set<[UInt8]>()
        for s in secrets where !s.isEmpty {
            forms.insert(Array(s.utf8))
            let json = String(JSONText.quote(s).dropFirst().dropLast())
            forms.insert(Array(json.utf8))
            // Some encoders (PHP's json_encode, Go's for HTML) also escape "/".
            forms.insert(Array(json.replacingOccurrences(of: "/", with: "\\/").utf8))
            forms.insert(Array(s.replacingOccurrences(of: "\"", with: "\"\"").utf8))
            if let p = s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.insert(Array(p.utf8)) }
            // RFC 3986's unreserved set, as the harness itself encodes a token sent in the query (`api_key=…`):
            // a target that echoes its URL echoes this form.
            if let p = s.addingPercentEncoding(withAllowedCharacters: Self.unreserved) { forms.insert(Array(p.utf8)) }
        }
        self.forms = forms.sorted { $0.count > $1.count }
        leads = Array(Set(self.forms.compactMap(\.first))).sorted()
    }

    /// The distinct first bytes of the forms: a buffer is searched once per lead byte to learn whether any form
    /// occurs at all, instead of once per form.
    let leads: [UInt8]

    /// RFC 3986 unreserved characters: ASCII letters and digits, `-`, `.`, `_` and `~`.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public var isEmpty: Bool { forms.isEmpty }

    /// `bytes` with every secret form replaced; the same array when none occurs.
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        // Nearly every buffer holds no secret: one search per lead byte proves it, and the buffer is kept as it
        // is. Otherwise the forms are replaced one after the other, longest first, as always.
        guard containsAnyForm(bytes) else { return bytes }
        var out = bytes
        for form in forms { out = Self.replace(form, in: out) }
        return out
    }

    /// `text` with every secret form replaced.
    public func redact(_ text: String) -> String {
        isEmpty ? text : String(decoding: redact(Array(text.utf8)), as: UTF8.self)
    }

    /// Whether any form occurs in `bytes`.
    func containsAnyForm(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { hay in
            guard let base = hay.baseAddress else { return false }
            for lead in leads {
                var i = 0
                while i < hay.count, let p = memchr(base + i, Int32(lead), hay.count - i) {
                    let at = base.distance(to: UnsafeRawPointer(p))
                    for form in forms where form.first == lead && hay.count - at >= form.count {
                        if form.withUnsafeBytes({ memcmp(base + at, $0.baseAddress!, form.count) == 0 }) { return true }
                    }
                    i = at + 1
                }
            }
            return false
        }
    }

    static func replace(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        haystack.withUnsafeBytes { hay -> [UInt8]? in
            needle.withUnsafeBytes { n -> [UInt8]? in
                guard let base = hay.baseAddress, let nb = n.baseAddress, var hit = find(nb, n.count, in: base, hay.count, from: 0) else { return nil }
                var out: [UInt8] = []
                out.reserveCapacity(hay.count)
                var i = 0
                while true {
                    out.append(contentsOf: hay[i..<hit])
                    out.append(contentsOf: replacement)
                    i = hit + n.count
                    guard let next = find(nb, n.count, in: base, hay.count, from: i) else { break }
                    hit = next
                }
                out.append(contentsOf: hay[i...])
                return out
            }
        } ?? haystack
    }

    /// The offset of the first `needle` at or after `from`: `memchr` for its first byte, then `memcmp`
    /// (glibc's `memmem` is not exported to Swift).
    static func find(_ needle: UnsafeRawPointer, _ count: Int, in hay: UnsafeRawPointer, _ length: Int, from: Int) -> Int? {
        let first = Int32(needle.load(as: UInt8.self))
        var i = from
        while length - i >= count, let p = memchr(hay + i, first, length - i - count + 1) {
            let at = hay.distance(to: UnsafeRawPointer(p))
            if memcmp(hay + at, needle, count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
