import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// A plain `http://` URL split as the native client sends it: the origin it connects to and the request
/// target it puts on the request line.
struct PlainURL: Equatable {
    /// `http://host:port` as written in the URL (the key of its connection pool).
    var origin: Substring
    /// The host without brackets (an IPv6 literal without its `[` `]`).
    var host: String
    var port: UInt16
    /// Whether the host is an IPv6 literal (it is bracketed in the Host header).
    var ipv6Literal: Bool
    /// Path and query, `/` when the URL has none; the fragment is never sent.
    var target: Substring

    enum Refusal: Error, Equatable, CustomStringConvertible {
        case notPlainHTTP
        case credentials
        case malformed(String)

        var description: String {
            switch self {
            case .notPlainHTTP: "not a plain http:// URL"
            case .credentials: "a URL with user:password@ goes through libcurl (--transport curl)"
            case .malformed(let why): "URL using bad/illegal format: \(why)"
            }
        }
    }

    /// Splits `url`, or says why the native client cannot send it.
    static func parse(_ url: String) throws(Refusal) -> PlainURL {
        let u = Substring(url)
        guard u.utf8.count >= 7, u.utf8.prefix(7).elementsEqual("http://".utf8, by: { $0 | 0x20 == $1 | 0x20 }) else {
            throw .notPlainHTTP
        }
        let afterScheme = u.utf8.index(u.startIndex, offsetBy: 7)
        var end = afterScheme
        while end < u.endIndex, ![UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(u.utf8[end]) {
            end = u.utf8.index(after: end)
        }
        let authority = u[afterScheme..<end]
        guard !authority.isEmpty else { throw .malformed("no host") }
        if authority.utf8.contains(UInt8(ascii: "@")) { throw .credentials }
        var host: Substring
        var portText: Substring?
        var v6 = false
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { throw .malformed("unclosed [ in the host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            v6 = true
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { throw .malformed("text after the IPv6 host") }
                portText = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw .malformed("no host") }
        for b in host.utf8 where b <= 0x20 || b >= 0x7F || b == UInt8(ascii: "%") || b == UInt8(ascii: "\\") {
            throw .malformed("a character the native client does not put in a host name")
        }
        var port: UInt16 = 80
        if let p = portText, !p.isEmpty {
            guard p.utf8.count <= 5, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(p), n >= 1, n <= 65535 else {
                throw .malformed("port \(String(reflecting: String(p)))")
            }
            port = UInt16(n)
        }
        var target = u[end...]
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        for b in target.utf8 where b <= 0x20 || b == 0x7F { throw .malformed("a space or control character in the path") }
        let path: Substring = target.isEmpty ? "/" : target.first == "?" ? Substring("/" + target) : target
        return PlainURL(origin: u[..<end], host: String(host), port: port, ipv6Literal: v6, target: path)
    }

    /// The Host header's value: the port only when it is not 80, as libcurl sends it.
    var hostHeader: String {
        let h = ipv6Literal ? "[\(host)]" : host
        return port == 80 ? h : "\(h):\(port)"
    }
}

/// A socket address to connect to, kept as bytes of a `sockaddr_in` or `sockaddr_in6`.
struct SocketAddress {
    var family: Int32
    var storage: sockaddr_storage
    var length: socklen_t

    /// The addresses of `host`: numeric ones without a lookup, names through getaddrinfo (which reads
    /// /etc/hosts, so `localhost` resolves without any network).
    static func resolve(host: String, port: UInt16, ipv6Literal: Bool) -> Result<[SocketAddress], ResolveFailure> {
        if !ipv6Literal {
            var a4 = in_addr()
            if inet_pton(AF_INET, host, &a4) == 1 {
                var sin = sockaddr_in()
                sin.sin_family = sa_family_t(AF_INET)
                sin.sin_port = port.bigEndian
                sin.sin_addr = a4
                return .success([SocketAddress(sin)])
            }
        } else {
            var a6 = in6_addr()
            guard inet_pton(AF_INET6, host, &a6) == 1 else { return .failure(ResolveFailure(host: host, reason: "not an IPv6 address")) }
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_addr = a6
            return .success([SocketAddress(sin6)])
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            return .failure(ResolveFailure(host: host, reason: String(cString: gai_strerror(rc))))
        }
        defer { freeaddrinfo(list) }
        var out: [SocketAddress] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let a = p {
            if let sa = a.pointee.ai_addr, a.pointee.ai_family == AF_INET || a.pointee.ai_family == AF_INET6 {
                var s = sockaddr_storage()
                let len = a.pointee.ai_addrlen
                withUnsafeMutableBytes(of: &s) { dst in
                    dst.copyMemory(from: UnsafeRawBufferPointer(start: sa, count: Int(len)))
                }
                out.append(SocketAddress(family: a.pointee.ai_family, storage: s, length: len))
            }
            p = a.pointee.ai_next
        }
        return out.isEmpty ? .failure(ResolveFailure(host: host, reason: "no IPv4 or IPv6 address")) : .success(out)
    }

    init(family: Int32, storage: sockaddr_storage, length: socklen_t) {
        self.family = family
        self.storage = storage
        self.length = length
    }

    init(_ sin: sockaddr_in) {
        var s = sockaddr_storage()
        withUnsafeMutableBytes(of: &s) { dst in withUnsafeBytes(of: sin) { dst.copyMemory(from: $0) } }
        self.init(family: AF_INET, storage: s, length: socklen_t(MemoryLayout<sockaddr_in>.size))
    }

    init(_ sin6: sockaddr_in6) {
        var s = sockaddr_storage()
        withUnsafeMutableBytes(of: &s) { dst in withUnsafeBytes(of: sin6) { dst.copyMemory(from: $0) } }
        self.init(family: AF_INET6, storage: s, length: socklen_t(MemoryLayout<sockaddr_in6>.size))
    }
}

struct ResolveFailure: Error {
    var host: String
    var reason: String
}
