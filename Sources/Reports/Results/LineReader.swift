import Foundation
import LoadModel

/// Reads a text file line by line in fixed-size chunks (for JSON Lines files such as violations.jsonl),
/// handing each non-blank line's bytes and its 1-based line number to the caller.
public struct LineReader {
    public let path: String
    public var chunkSize = 1 << 16

    public init(path: String, chunkSize: Int = 1 << 16) {
        self.path = path
        self.chunkSize = chunkSize
    }

    public func forEachLine(_ body: ([UInt8], Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(file: path, path: "line 1", message: "cannot be read")
        }
        defer { try? handle.close() }
        var line: [UInt8] = []
        var number = 1
        func emit() throws {
            if line.last == 0x0D { line.removeLast() }
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) { try body(line, number) }
            line.removeAll(keepingCapacity: true)
            number += 1
        }
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            // Whole segments between newlines, not byte by byte: `line` is captured by `emit`, so each access
            // pays a dynamic exclusivity check, and per byte that dominated a large file's read.
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var start = 0
                while start < bytes.count {
                    guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                        line.append(contentsOf: bytes[start...])
                        break
                    }
                    line.append(contentsOf: bytes[start..<newline])
                    try emit()
                    start = newline + 1
                }
            }
        }
        if !line.isEmpty { try emit() }
    }
}
