import Foundation
import Testing
import LoadModel

/// `JSONText.quote` is the one JSON string quoter of the checker's side: history.jsonl, violations.jsonl, body
/// templates and the redactor's JSON form of a secret all go through it, so its bytes are pinned here.
@Suite struct JSONQuoteTests {
    @Test(arguments: [
        // Nothing to escape.
        ("plain", #""plain""#),
        ("", #""""#),
        // Quote and backslash get a backslash.
        ("q\"b\\", #""q\"b\\""#),
        // The short escapes.
        ("a\nb\tc\r", #""a\nb\tc\r""#),
        // Other C0 controls are \u00XX with lowercase hex, NUL included.
        ("\u{0}\u{1}\u{8}\u{B}\u{C}\u{1B}\u{1F}", #""\u0000\u0001\u0008\u000b\u000c\u001b\u001f""#),
        // DEL and C1 controls are legal in JSON strings and pass through (DisplayText escapes them, for terminals).
        ("\u{7F}\u{85}", "\"\u{7F}\u{85}\""),
        // A slash is not escaped (the redactor adds the `\/` form itself).
        ("a/b", #""a/b""#),
        // Non-ASCII passes through as UTF-8, astral planes and line separators too.
        ("é✓😀\u{2028}", "\"é✓😀\u{2028}\""),
    ])
    func quoteEscapes(input: String, expected: String) throws {
        let quoted = JSONText.quote(input)
        #expect(quoted == expected)
        // Our parser and Foundation's both read back the original.
        #expect(try JSONParser.parse(quoted) == .string(input))
        let parsed = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed)
        #expect(parsed as? String == input)
    }

    @Test func everyControlCharacterIsEscaped() {
        for value in UInt32(0)..<0x20 {
            let quoted = JSONText.quote(String(Character(Unicode.Scalar(value)!)))
            #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 }, "U+\(String(value, radix: 16))")
        }
    }
}
