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
        // The scheme is case-insensitive (RFC 9110 section 11.1); the token is what follows the space.
        guard utf8.count > 7, String(value.prefix(7)).lowercased() == "bearer " else {
            self = .unauthorized
            return
        }
        let token = String(value.dropFirst(7).drop(while: { $0 == " " }))
        if config.tokens.contains(token) {
            self = .paid(token: token)
        } else if config.unpaidTokens.contains(token) {
            self = .unpaid(token: token)
        } else {
            self = .unauthorized
        }
    }
}
