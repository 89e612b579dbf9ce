/// Reading profile values that are sent on the wire or used to find fields, refusing what would break either.
extension JSONCursor {
    /// An HTTP token such as a header name; `what` names it in the message (`a header name`).
    func token(_ what: String) throws(DataError) -> String {
        let s = try string()
        guard WireText.isToken(s) else {
            throw fail("expected \(what) made of letters, digits and !#$%&'*+-.^_`|~ (an HTTP token), found \(DisplayText.quoted(s))")
        }
        return s
    }

    /// Text sent inside a header field (the auth prefix): no control characters.
    func fieldText() throws(DataError) -> String {
        let s = try string()
        if let bad = WireText.firstControl(in: s) {
            throw fail("expected header text without control characters, found \(WireText.name(bad.byte)) at byte \(bad.offset) of \(DisplayText.quoted(s))")
        }
        return s
    }

    /// A header value template: no control characters, since a CR or LF would start a header of its own.
    func fieldTemplate() throws(DataError) -> Template {
        _ = try fieldText()
        return try template()
    }

    /// A path template: `/` first, then visible ASCII only (a space or line feed would end the request line).
    func pathTemplate() throws(DataError) -> Template {
        let path = try template()
        let text = path.description
        guard text.hasPrefix("/") else { throw fail("expected a path starting with '/', found \(DisplayText.quoted(text))") }
        if let bad = WireText.firstNonTarget(in: text) {
            throw fail("expected a path of visible ASCII characters (percent-encode others), found \(WireText.name(bad.byte)) at byte \(bad.offset) of \(DisplayText.quoted(text))")
        }
        // A fragment is never sent (RFC 9112 §3.2: no `#` in a request target); what follows it, the token of
        // `auth.query` too, would silently be dropped.
        if let hash = text.utf8.firstIndex(of: UInt8(ascii: "#")) {
            throw fail("expected a path without a fragment ('#' is never sent; write %23 for a literal one), found '#' at byte \(text.utf8.distance(from: text.utf8.startIndex, to: hash)) of \(DisplayText.quoted(text))")
        }
        return path
    }

    /// A field path such as `progress.percent`, `items[0].id` or `$.info.status`: names that are not empty,
    /// between single dots, and array elements as `[N]`.
    func fieldPath() throws(DataError) -> FieldPath {
        let s = try string()
        let expected = "expected a path of field names such as \"progress.percent\" or \"items[0].id\", found \(DisplayText.quoted(s))"
        if s.isEmpty { throw fail(expected) }
        if let bad = WireText.firstControl(in: s) { throw fail("\(expected): \(WireText.name(bad.byte)) at byte \(bad.offset)") }
        // An empty step can match no key an API sends, so such a path would silently read nothing.
        guard let path = FieldPath(parsing: s), !path.steps.isEmpty else {
            throw fail("\(expected): a name is empty (a leading, trailing or doubled dot) or a bracket is not [N]")
        }
        return path
    }
}
