import HTTPServer

/// Builds JSON replies from prebuilt bytes, skipping the `String` round trip of `HTTPResponse.json`.
enum JSONResponse {
    /// A reply with `Content-Type: application/json`, then `headers`.
    static func reply(_ status: Int, _ body: [UInt8], headers: [(name: String, value: String)] = []) -> HTTPReply {
        var all: [(name: String, value: String)] = [(name: "Content-Type", value: "application/json")]
        all.append(contentsOf: headers)
        return .respond(HTTPResponse(status: status, headers: all, body: body))
    }

    /// A reply whose body is a constant JSON text.
    static func reply(_ status: Int, _ text: StaticString, headers: [(name: String, value: String)] = []) -> HTTPReply {
        reply(status, text.withUTF8Buffer { Array($0) }, headers: headers)
    }

    /// The value of the first header called `lowercasedName` (names arrive lowercased, so no case folding).
    static func header(_ request: HTTPRequest, _ lowercasedName: String) -> String? {
        for field in request.headers where field.name == lowercasedName { return field.value }
        return nil
    }
}
