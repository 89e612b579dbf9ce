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
