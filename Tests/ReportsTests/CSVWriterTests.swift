import Foundation
import Testing
@testable import Reports

@Suite struct CSVWriterTests {
    @Test(arguments: [
        // Plain field.
        ("abc", "abc"),
        // Comma forces quotes.
        ("a,b", "\"a,b\""),
        // Quotes are doubled.
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        // Line breaks are quoted.
        ("a\nb", "\"a\nb\""),
        // Empty stays empty.
        ("", ""),
    ])
    func escapesFieldsAsRFC4180(field: String, expected: String) {
        var out: [UInt8] = []
        CSVWriter.append(field, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func writesHeaderAndRows() throws {
        let path = NSTemporaryDirectory() + "cb-csv-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try CSVWriter(path: path, header: ["a", "b"])
        w.row(["1", "x,y"])
        try w.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,\"x,y\"\n")
    }
}
