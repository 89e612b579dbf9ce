/// Why a request could not be parsed, with the HTTP status the server answers it with.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer: 400, 413, 431, 501 or 505.
    public var status: Int
    /// A short reason in plain ASCII without quotes or backslashes, so it can go into JSON as is.
    public var reason: String

    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(status) \(reason)" }

    /// A 400 Bad Request with the given reason.
    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(status: 400, reason: reason) }
}
