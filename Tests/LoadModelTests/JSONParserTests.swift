import Testing
@testable import LoadModel

@Suite struct JSONParserTests {
    @Test(arguments: [
        // Scalars and nesting.
        ("{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}", JSONValue.object([("a", .number(1)), ("b", .array([.bool(true), .bool(false), .null])), ("c", .string("x"))])),
        // Escapes, including a surrogate pair.
        ("\"a\\n\\\"b\\u00e9\\ud83d\\ude00\"", JSONValue.string("a\n\"bé😀")),
        // Numbers: negative, fraction, exponent.
        ("[-1.5e2, 0, 0.25]", JSONValue.array([.number(-150), .number(0), .number(0.25)])),
        // Whitespace everywhere.
        (" \n{ \"k\" : [ ] }\t", JSONValue.object([("k", .array([]))])),
    ])
    func parsesValidDocuments(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        // Trailing comma in an object.
        ("{\"a\":1,}", 1, 8),
        // Leading zero.
        ("[01]", 1, 2),
        // Unterminated string on the second line: reported where it opens.
        ("{\n\"a\": \"xyz", 2, 6),
        // Garbage after the value.
        ("{} x", 1, 4),
        // Bad literal.
        ("[tru]", 1, 2),
        // Lone surrogate.
        ("\"\\ud800\"", 1, 8),
    ])
    func reportsLineAndColumn(text: String, line: Int, column: Int) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test(arguments: [
        // A hostile server's answer: arrays nested 100,000 deep, closed.
        String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
        // Objects nested 100,000 deep, never closed.
        String(repeating: "{\"a\":", count: 100_000),
        // Both kinds alternating.
        String(repeating: "[{\"a\":", count: 50_000),
    ])
    func hostileNestingStopsAtTheDepthLimit(text: String) {
        // An error at the limit, not a stack overflow that would take the whole run down with it.
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "nesting deeper than 256")
        }
    }

    @Test func answersMayRepeatKeysAndTheFirstIsRead() throws {
        // Server answers are recorded, not judged: a repeated key is no error, and lookups read the first
        // (only profiles refuse repeats, see ProfileRefusalTests).
        let doc = try JSONParser.parse("{\"status\":\"running\",\"status\":\"cancelled\"}")
        #expect(doc["status"] == .string("running"))
        #expect(doc.firstDuplicateKey()?.path == "$.status")
    }

    @Test func followsDottedPaths() throws {
        let doc = try JSONParser.parse("{\"billing\":{\"charged_credits\":\"1.500000\"},\"n\":2}")
        #expect(doc.value(at: FieldPath("billing.charged_credits"))?.numericValue == 1.5)
        #expect(doc.value(at: FieldPath("n"))?.numericValue == 2)
        #expect(doc.value(at: FieldPath("billing.missing")) == nil)
    }

    @Test func serializesRoundTrip() throws {
        let text = "{\"a\":[1,2.5,\"q\\\"\\n\"],\"b\":null,\"c\":true}"
        #expect(JSONText.serialize(try JSONParser.parse(text)) == text)
    }
}
