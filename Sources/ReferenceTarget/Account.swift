import HTTPServer

/// Who a request claims to be, from its `Authorization: Bearer <token>` header.
enum Account: Equatable, Sendable {
    /// A known token with a subscription.
    case paid(token: String)
    /// A known token without a subscription (Pika and beatra answer 402).
    case unpaid(token: String)
    /// No header, another scheme, or an unknown token (401).
    case unauthorized

    /// Classifies `request` against the configured tokens.
    init(_ request: HTTPRequest, config: TargetConfig) {
        guard let value = JSONResponse.header(request, "authorization") else { self = .unauthorized; return }
        let utf8 = value.utf8
        // The scheme is case-insensitive (RFC 9110 section 11.1); ASCII case folding by OR-ing 0x20 is exact
        // for letters, and the space is compared as is. The token is what follows the spaces.
        let scheme = "bearer ".utf8
        guard utf8.count > scheme.count,
              zip(utf8, scheme).allSatisfy({ $1 == UInt8(ascii: " ") ? $0 == $1 : ($0 | 0x20) == $1 }) else {
            self = .unauthorized
            return
        }
        let token = String(Substring(utf8.dropFirst(scheme.count).drop(while: { $0 == UInt8(ascii: " ") })))
        if config.tokens.contains(token) {
            self = .paid(token: token)
        } else if config.unpaidTokens.contains(token) {
            self = .unpaid(token: token)
        } else {
            self = .unauthorized
        }
    }
}
