import Foundation
import LoadModel

/// A `--target` base URL, checked once: http or https, a host, a port from 1 to 65535. It keeps the URL's user
/// and password for the transport (libcurl sends them as Basic auth) and never shows them: `display` is what
/// every output, log and message uses.
public struct TargetURL: Sendable, Equatable {
    /// The base URL requests are built on, credentials included, without a trailing slash.
    public let url: String
    /// The same without user info: `http://127.0.0.1:8080/prefix`.
    public let display: String
    /// The user name and password in the URL, percent-encoded and decoded, and their Basic auth form, for
    /// redaction.
    public let credentials: [String]
    /// The host as written, without brackets (`127.0.0.1`, `::1`, `jobs.example.com`).
    public let host: String

    /// `name` is what messages call it (`--target`, `URL`); `base` refuses a query or fragment.
    public init(_ text: String, name: String = "--target", base: Bool = true) throws(UsageError) {
        let bad = UsageError("\(name): expected a URL such as http://127.0.0.1:8080, found '\(TargetURL.hidingUserInfo(text))'")
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }), var parts = URLComponents(string: text),
              parts.scheme == "http" || parts.scheme == "https", let host = parts.host, !host.isEmpty else { throw bad }
        if let port = parts.port, !(1...65535).contains(port) {
            throw UsageError("\(name): port \(port) is out of range; expected 1 to 65535")
        }
        if base, parts.query != nil || parts.fragment != nil {
            throw UsageError("\(name): expected a base URL without a query or fragment (the profile's paths add those), found '\(TargetURL.hidingUserInfo(text))'")
        }
        var secrets: [String] = []
        for (raw, decoded) in [(parts.percentEncodedUser, parts.user), (parts.percentEncodedPassword, parts.password)] {
            for s in [raw, decoded].compactMap({ $0 }) where s.count >= 3 && !secrets.contains(s) { secrets.append(s) }
        }
        // libcurl sends them as `Authorization: Basic base64(user:password)`, which a target may echo.
        if let user = parts.user {
            secrets.append(Data("\(user):\(parts.password ?? "")".utf8).base64EncodedString())
        }
        credentials = secrets
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        url = base && text.hasSuffix("/") ? String(text.dropLast()) : text
        parts.user = nil
        parts.password = nil
        let shown = parts.string ?? url
        display = base && shown.hasSuffix("/") ? String(shown.dropLast()) : shown
    }

    /// Whether the host is this machine's loopback (`localhost`, 127.0.0.0/8, `::1`): a target that shares
    /// the client's cores.
    public var isLoopback: Bool {
        let h = host.lowercased()
        if h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// `text` with anything between `://` and `@` replaced, for messages about a URL that did not parse.
    static func hidingUserInfo(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***@" + String(text[text.index(after: at)...])
    }
}
