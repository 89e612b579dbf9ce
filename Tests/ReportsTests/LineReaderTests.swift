import Foundation
import Testing
import LoadModel
@testable import Reports

/// The chunked reader must hand over the same lines, numbered the same, whatever the chunk size: lines that cross
/// a chunk's end, lines longer than a chunk, CRLF endings, blank lines and a last line without a newline.
@Suite struct LineReaderTests {
    /// What a reader should hand over, worked out the simple way: split on LF, drop one CR at the end of each
    /// line, skip lines of only spaces and tabs, number every line.
    static func expected(_ text: [UInt8]) -> [(String, Int)] {
        var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.enumerated().compactMap { index, line in
            let body = line.last == 0x0D ? Array(line.dropLast()) : line
            guard body.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
            return (String(decoding: body, as: UTF8.self), index + 1)
        }
    }

    static let texts: [String] = [
        // Ordinary lines.
        "{\"a\":1}\n{\"b\":2}\n",
        // No newline after the last line.
        "first\nsecond",
        // CRLF endings, a CR alone inside a line, blank and whitespace-only lines.
        "one\r\n\r\n \t\ntwo\rstill two\r\n\n\nthree",
        // A line far longer than any small chunk, between short ones.
        "x\n" + String(repeating: "long-line-", count: 500) + "\ny\n",
        // Only blank lines, and nothing at all.
        "\n\n  \n",
        "",
        // Non-ASCII bytes.
        "é😀\n\u{0}z\n",
    ]

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
    func everyChunkSizeReadsTheSameLines(chunkSize: Int) throws {
        for text in Self.texts {
            let path = NSTemporaryDirectory() + "cancelbench-lines-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            var inPlace: [(String, Int)] = []
            try LineReader(path: path, chunkSize: chunkSize).forEachLineInPlace { line, number in
                inPlace.append((String(decoding: line, as: UTF8.self), number))
            }
            var copied: [(String, Int)] = []
            try LineReader(path: path, chunkSize: chunkSize).forEachLine { line, number in
                copied.append((String(decoding: line, as: UTF8.self), number))
            }
            let want = Self.expected(Array(text.utf8))
            #expect(inPlace.map(\.0) == want.map(\.0) && inPlace.map(\.1) == want.map(\.1), "\(chunkSize): \(text.debugDescription)")
            #expect(copied.map(\.0) == want.map(\.0) && copied.map(\.1) == want.map(\.1), "\(chunkSize): \(text.debugDescription)")
        }
    }

    @Test func aMissingFileIsADataError() {
        #expect(throws: DataError.self) { try LineReader(path: "/nonexistent-cancelbench/history.jsonl").forEachLineInPlace { _, _ in } }
    }

    @Test func anErrorFromTheCallerStopsTheReading() throws {
        let path = NSTemporaryDirectory() + "cancelbench-lines-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("a\nb\nc\n".utf8).write(to: URL(fileURLWithPath: path))
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try LineReader(path: path, chunkSize: 2).forEachLineInPlace { _, number in
                seen += 1
                if number == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }
}
