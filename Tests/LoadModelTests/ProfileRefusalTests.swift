import Testing
@testable import LoadModel

/// One hostile edit of `ProfileRefusalTests.base` and the refusal it must meet.
struct HostileProfile: Sendable, CustomTestStringConvertible {
    /// Text replacements applied in order; each `find` must occur in the profile.
    var edits: [(find: String, replace: String)]
    /// The JSON path the error must name.
    var path: String
    /// A fragment of the message.
    var message: String

    init(_ find: String, _ replace: String, _ path: String, _ message: String) {
        self.init(edits: [(find, replace)], path: path, message: message)
    }

    init(edits: [(find: String, replace: String)], path: String, message: String) {
        self.edits = edits
        self.path = path
        self.message = message
    }

    var testDescription: String { "\(path): \(message)" }
}

/// Profiles written to attack cancelbench (header injection, ambiguous keys, paths that read nothing, bytes
/// that are not text, sizes that exhaust memory) are refused with the JSON path and what was expected.
@Suite struct ProfileRefusalTests {
    /// A valid profile with every part the edits aim at: auth, headers, a body, field paths.
    static let base = """
    {"name":"x","auth":{"header":"Authorization","prefix":"Bearer "},
     "submit":{"method":"POST","path":"/jobs","headers":{"X-Request-Id":"{requestId}"},"body":{"p":"{seq}"},"id":"id"},
     "status":{"method":"GET","path":"/jobs/{id}"},"cancel":{"method":"POST","path":"/jobs/{id}/cancel"},
     "fields":{"status":"status","progress":"progress.percent"},
     "states":{"q":"queued","r":"running","ok":"succeeded","x":"cancelled"},
     "contract":{"cancelTerminal":{"status":400}}}
    """

    @Test func baseIsValid() throws {
        let p = try Profile.parse(Array(Self.base.utf8))
        #expect(p.fields.progress == FieldPath("progress.percent"))
        #expect(p.submit.headers.map(\.name) == ["X-Request-Id"])
    }

    @Test(arguments: [
        // The status field must name a field: "" reads nothing, so every job would look stateless.
        HostileProfile("\"status\":\"status\"", "\"status\":\"\"", "$.fields.status", "expected a path of field names"),
        // A doubled dot is an empty name between two.
        HostileProfile("progress.percent", "progress..percent", "$.fields.progress", "a name is empty"),
        // A leading dot.
        HostileProfile("\"status\":\"status\"", "\"status\":\".status\"", "$.fields.status", "a name is empty"),
        // A trailing dot.
        HostileProfile("progress.percent", "progress.", "$.fields.progress", "a name is empty"),
        // The submit id path is checked the same way.
        HostileProfile("\"id\":\"id\"", "\"id\":\"\"", "$.submit.id", "expected a path of field names"),
        // A control character cannot be in a key any API sends.
        HostileProfile("progress.percent", "progress.per\\u0001cent", "$.fields.progress", "a control character (0x01)"),
        // The callback id path too.
        HostileProfile(edits: [("\"p\":\"{seq}\"", "\"p\":\"{callbackUrl}\""),
                               ("\"contract\"", "\"callback\":{\"id\":\"a..b\"},\"contract\"")],
                       path: "$.callback.id", message: "a name is empty"),
        // A duplicate key in a call: which path did the author mean?
        HostileProfile("\"path\":\"/jobs\",", "\"path\":\"/jobs\",\"path\":\"/evil\",", "$.submit.path", "duplicate key \"path\""),
        // A duplicate at the top level.
        HostileProfile("{\"name\":\"x\",", "{\"name\":\"x\",\"name\":\"y\",", "$.name", "duplicate key \"name\""),
        // A duplicate status name would map one name to two states.
        HostileProfile("\"q\":\"queued\"", "\"q\":\"queued\",\"q\":\"running\"", "$.states.q", "duplicate key \"q\""),
        // A duplicate header.
        HostileProfile("\"X-Request-Id\":\"{requestId}\"", "\"X-Request-Id\":\"{requestId}\",\"X-Request-Id\":\"b\"",
                       "$.submit.headers.X-Request-Id", "duplicate key"),
        // A duplicate deep in a body, inside an array.
        HostileProfile("\"p\":\"{seq}\"", "\"p\":[{\"k\":1,\"k\":2}]", "$.submit.body.p[0].k", "duplicate key \"k\""),
        // A duplicate in a part that is otherwise ignored still makes the file ambiguous.
        HostileProfile("{\"status\":400}", "{\"status\":400,\"status\":404}", "$.contract.cancelTerminal.status", "duplicate key"),
        // CR LF in a header value would start a header of the profile's choosing.
        HostileProfile("{requestId}\"", "{requestId}\\r\\nX-Evil: 1\"", "$.submit.headers.X-Request-Id",
                       "found a carriage return (0x0D) at byte 11"),
        // A bare LF is a line end to many servers.
        HostileProfile("{requestId}\"", "{requestId}\\nX-Evil: 1\"", "$.submit.headers.X-Request-Id", "a line feed (0x0A)"),
        // NUL truncates the value in C code that reads it.
        HostileProfile("{requestId}\"", "a\\u0000b\"", "$.submit.headers.X-Request-Id", "a control character (0x00) at byte 1"),
        // DEL is a control character too.
        HostileProfile("{requestId}\"", "a\\u007f\"", "$.submit.headers.X-Request-Id", "a control character (0x7F)"),
        // A header name with a line feed: the path quotes the key, escaped.
        HostileProfile("\"X-Request-Id\":", "\"X-Request\\nId\":", "$.submit.headers[\"X-Request\\nId\"]", "invalid header name"),
        // A header name with a colon and a space would write a different header.
        HostileProfile("\"X-Request-Id\":", "\"X-A: b\":", "$.submit.headers[\"X-A: b\"]", "an HTTP token"),
        // An empty header name.
        HostileProfile("\"X-Request-Id\":", "\"\":", "$.submit.headers[\"\"]", "invalid header name"),
        // A framing header of the profile's own would disagree with the transport's (request smuggling).
        HostileProfile("\"X-Request-Id\":\"{requestId}\"", "\"Content-Length\":\"0\"", "$.submit.headers.Content-Length",
                       "set by the transport"),
        // Whatever the case.
        HostileProfile("\"X-Request-Id\":\"{requestId}\"", "\"transfer-encoding\":\"chunked\"",
                       "$.submit.headers.transfer-encoding", "set by the transport"),
        // CR LF in a path would end the request line and start a request of the profile's choosing.
        HostileProfile("\"/jobs/{id}\"", "\"/jobs/{id}\\r\\nX: y\"", "$.status.path", "a carriage return (0x0D) at byte 10"),
        // A space splits the request line.
        HostileProfile("\"/jobs/{id}\"", "\"/jobs/{id} HTTP/1.1\"", "$.status.path", "found a space at byte 10"),
        // A tab too.
        HostileProfile("\"/jobs/{id}/cancel\"", "\"/jobs/\\t{id}/cancel\"", "$.cancel.path", "a tab (0x09) at byte 6"),
        // Raw UTF-8 in a path must be percent-encoded.
        HostileProfile("\"/jobs/{id}\"", "\"/jobs/é/{id}\"", "$.status.path", "a non-ASCII byte (0xC3) at byte 6"),
        // A path must start with '/' (the target URL ends where it begins).
        HostileProfile("\"path\":\"/jobs\",", "\"path\":\"@evil/jobs\",", "$.submit.path", "expected a path starting with '/'"),
        // A method with CR LF is not a method.
        HostileProfile("\"method\":\"GET\"", "\"method\":\"GET\\r\\n\"", "$.status.method", "expected one of GET"),
        // The auth header name is a header name.
        HostileProfile("\"Authorization\"", "\"Authorization\\r\\nX-Evil: 1\"", "$.auth.header", "an HTTP token"),
        // And not empty.
        HostileProfile("\"Authorization\"", "\"\"", "$.auth.header", "an HTTP token"),
        // The auth prefix goes into the header value.
        HostileProfile("\"Bearer \"", "\"Bearer\\n\"", "$.auth.prefix", "a line feed (0x0A) at byte 6"),
        // An unknown key holding a terminal escape is named, escaped, in brackets.
        HostileProfile("{\"name\":\"x\",", "{\"name\":\"x\",\"\\u001b[2J\":1,", "$[\"\\u001b[2J\"]", "unknown key"),
    ])
    func hostileProfilesAreRefused(_ hostile: HostileProfile) {
        var text = Self.base
        for edit in hostile.edits {
            #expect(text.contains(edit.find), "edit \(edit.find) does not apply")
            text = text.replacingOccurrences(of: edit.find, with: edit.replace)
        }
        do {
            _ = try Profile.parse(Array(text.utf8), file: "/tmp/bad.json")
            Issue.record("expected a refusal at \(hostile.path)")
        } catch {
            #expect(error.path == hostile.path)
            #expect(error.message.contains(hostile.message), "\(error.message)")
            #expect(error.description.hasPrefix("/tmp/bad.json: "))
            // What reaches the terminal holds no control character, whatever the file held.
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(error.description)")
        }
    }

    @Test(arguments: [
        // A byte that begins no UTF-8 sequence.
        [0xFF],
        // A sequence cut short (the euro sign's first two bytes).
        [0xE2, 0x82],
        // An overlong '/' (a classic filter bypass).
        [0xC0, 0xAF],
        // A UTF-16 surrogate encoded as UTF-8.
        [0xED, 0xA0, 0x80],
        // Beyond U+10FFFF.
        [0xF4, 0x90, 0x80, 0x80],
    ] as [[UInt8]])
    func invalidUTF8IsRefusedWithItsOffset(bad: [UInt8]) {
        // The bad bytes go inside a string on line 2, where the JSON parser alone would take them.
        let text = Array(Self.base.utf8)
        let lineStart = text.firstIndex(of: UInt8(ascii: "\n"))! + 1
        let before = Array(" \"description\":\"ab".utf8)
        let bytes = Array(text[..<lineStart]) + before + bad + Array("\",".utf8) + Array(text[lineStart...])
        do {
            _ = try Profile.parse(bytes, file: "/tmp/bad.json")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.path == "$")
            let offset = lineStart + before.count
            #expect(error.message == "invalid UTF-8 at byte offset \(offset) (line 2, column \(before.count + 1)); a profile must be UTF-8 text")
        }
    }

    @Test func sizeLimitIsExact() throws {
        // Exactly at the limit (the base padded with spaces) parses; one byte more is refused before parsing.
        let padded = Array(Self.base.utf8) + Array(repeating: UInt8(ascii: " "), count: Profile.maxBytes - Self.base.utf8.count)
        #expect(padded.count == 1 << 20)
        _ = try Profile.parse(padded)
        do {
            _ = try Profile.parse(padded + [UInt8(ascii: " ")], file: "big.json")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description == "big.json: $: the profile is 1048577 bytes; a profile may be at most 1048576 bytes (1 MiB)")
        }
    }

    @Test(arguments: [
        // Arrays nested 100,000 deep: the parser stops at its depth limit instead of overflowing the stack.
        String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
        // Objects nested 100,000 deep, unterminated.
        String(repeating: "{\"a\":", count: 100_000),
    ])
    func deepNestingIsRefused(text: String) {
        #expect(throws: DataError.self) { try Profile.parse(Array(text.utf8)) }
    }
}
