import Foundation
import Testing
@testable import ReferenceTarget

@Suite struct JSONTextTests {
    @Test(arguments: [
        ("plain", #""plain""#),  // nothing to escape
        ("q\"b\\", #""q\"b\\""#),  // quote and backslash
        ("a\nb\tc\r", #""a\nb\tc\r""#),  // short escapes
        ("\u{1}\u{1F}", #""\u0001\u001f""#),  // other control characters
        ("é✓", "\"é✓\""),  // non-ASCII passes through as UTF-8
    ])
    func stringsAreEscaped(input: String, expected: String) {
        var text = JSONText()
        text.string(input)
        #expect(String(decoding: text.bytes, as: UTF8.self) == expected)
        // An independent parser reads back the original.
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.bytes), options: .fragmentsAllowed)
        #expect(parsed as? String == input)
    }

    @Test(arguments: [
        (Int64(0), "0"), (-7, "-7"), (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
    ])
    func integers(value: Int64, expected: String) {
        var text = JSONText()
        text.integer(value)
        #expect(String(decoding: text.bytes, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        (Int64(0), #""0.000000""#), (1, #""0.000001""#), (12_345_678, #""12.345678""#), (-1_500_000, #""-1.500000""#),
    ])
    func micros(value: Int64, expected: String) {
        var text = JSONText()
        text.micros(value)
        #expect(String(decoding: text.bytes, as: UTF8.self) == expected)
    }

    @Test func hexPadsAndGrows() {
        var text = JSONText()
        text.hex(0xab, minimumWidth: 4)
        text.raw(" ")
        text.hex(UInt64.max, minimumWidth: 1)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "00ab ffffffffffffffff")
    }
}
