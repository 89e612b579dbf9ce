import Foundation
import LoadModel
import Testing
@testable import Reports

@Suite struct CSVReaderTests {
    func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "cancelbench-csv-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ path: String, chunk: Int = 1 << 16) throws -> [[String]] {
        var out: [[String]] = []
        try CSVReader(path: path, chunkSize: chunk).forEachRow(required: []) { row in out.append((0..<row.count).map { row.string($0) }) }
        return out
    }

    @Test(arguments: [1, 3, 64])
    func readsWhatCSVWriterWritesAcrossChunkBoundaries(chunk: Int) throws {
        let path = NSTemporaryDirectory() + "cancelbench-csv-\(UUID().uuidString).csv"
        let fields = [["a,b", "say \"hi\"", "two\nlines", "", "µs"], ["1", "-2", "x", "y", "z"]]
        let w = try CSVWriter(path: path, header: ["c1", "c2", "c3", "c4", "c5"])
        for f in fields { w.row(f) }
        try w.close()
        #expect(try rows(path, chunk: chunk) == fields)
    }

    @Test func numbersAreParsedFromBytes() throws {
        let path = try file("n,m\n-42,x\r\n123456789012,\n")
        var got: [Int64?] = []
        try CSVReader(path: path).forEachRow(required: ["n"]) { row in got.append(row.int64(0)); got.append(row.int64(1)) }
        #expect(got == [-42, nil, 123_456_789_012, nil])
    }

    @Test(arguments: [
        // A row with a field missing: named by its line (the header is line 1).
        ("a,b\n1,2\n3\n", "line 3"),
        // A quote never closed: named by the line its row starts on.
        ("a,b\n1,2\n\"3,4\n5,6\n", "line 3"),
        // A required column absent from the header.
        ("a,c\n1,2\n", "line 1"),
        // Nothing at all.
        ("", "line 1"),
    ])
    func malformedFilesNameTheLine(text: String, line: String) throws {
        let path = try file(text)
        #expect {
            try CSVReader(path: path).forEachRow(required: ["a", "b"]) { _ in }
        } throws: { error in
            (error as? DataError)?.path == line && (error as? DataError)?.file == path
        }
    }

    @Test func quotedLineBreaksCountTowardsLaterLineNumbers() throws {
        let path = try file("a,b\n\"x\ny\",1\n2\n")
        #expect {
            try CSVReader(path: path).forEachRow(required: []) { _ in }
        } throws: { error in (error as? DataError)?.path == "line 4" }
    }
}
