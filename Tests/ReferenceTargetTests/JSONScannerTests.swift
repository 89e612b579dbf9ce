import Testing
@testable import ReferenceTarget

@Suite struct JSONScannerTests {
    @Test(arguments: [
        "{}",  // empty
        #" {"a": [1, -2.5e3, true, false, null, {"b": "c\u00e9\n"}]} "#,  // every kind, whitespace around
        #"{"s":"\ud83d\ude00"}"#,  // surrogate pair
    ])
    func acceptsValidObjects(text: String) {
        #expect(JSONScanner.objectMembers(Array(text.utf8)) != nil)
    }

    @Test(arguments: [
        "", "[]", "\"x\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":tru}",
        "{\"a\":\"\u{1}\"}", "{\"a\":\"\\x\"}", "{} x", "{\"a\":1 \"b\":2}",
    ])
    func rejectsInvalidText(text: String) {
        #expect(JSONScanner.objectMembers(Array(text.utf8)) == nil)
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(JSONScanner.objectMembers([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) == nil)
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(JSONScanner.objectMembers(Array(deep.utf8)) == nil)
    }

    @Test func reportsTopLevelMembers() throws {
        let bytes = Array(#"{"model":"m\"1","input":{"x":[1]},"n":null}"#.utf8)
        let members = try #require(JSONScanner.objectMembers(bytes))
        #expect(members.map(\.key) == ["model", "input", "n"])
        #expect(members[0].string == #"m"1"#)
        #expect(members[1].kind == .object)
        #expect(String(decoding: bytes[members[1].range], as: UTF8.self) == #"{"x":[1]}"#)
        #expect(members[2].kind == .null)
    }
}
