import Foundation
import LoadModel

/// Reads an RFC 4180 CSV file row by row in fixed-size chunks, so a requests.csv of millions of rows is
/// aggregated in constant memory; the counterpart of `CSVWriter`.
///
/// The first row is the header. Each later row is handed to the caller as a reused `CSVRow` (no per-field
/// `String` unless asked for), with the line it started on for error messages.
public struct CSVReader {
    public let path: String
    /// The name shown in errors (the path as given).
    public var displayName: String { path }
    private let chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 16) {
        precondition(chunkSize > 0, "chunk size must be positive")
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Reads the header, checks that it names every column in `required`, then calls `body` for each row.
    ///
    /// Throws `DataError` naming the file and line for a missing column, a row with the wrong number of
    /// fields or an unterminated quote; errors thrown by `body` pass through unchanged.
    public func forEachRow(required: [String], _ body: (CSVRow) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(file: path, path: "line 1", message: "cannot be read")
        }
        defer { try? handle.close() }
        var parser = CSVRowParser()
        var header: CSVHeader?
        func emit(_ row: CSVRow) throws {
            if let h = header {
                guard row.count == h.names.count else {
                    throw DataError(file: path, path: "line \(row.line)",
                                    message: "expected \(h.names.count) fields as in the header, found \(row.count)")
                }
                try body(row)
            } else {
                let h = CSVHeader(names: (0..<row.count).map { row.string($0) })
                if let missing = required.first(where: { h.index[$0] == nil }) {
                    throw DataError(file: path, path: "line 1", message: "missing column '\(missing)' in the header")
                }
                header = h
                parser.columns = h.index
            }
        }
        while true {
            let data = try handle.read(upToCount: chunkSize) ?? Data()
            if data.isEmpty { break }
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var i = 0
                while let row = parser.next(bytes, from: &i) { try emit(row) }
            }
        }
        if parser.inQuotes {
            throw DataError(file: path, path: "line \(parser.rowStartLine)", message: "a quoted field is never closed")
        }
        if let row = parser.finish() { try emit(row) }
        if header == nil { throw DataError(file: path, path: "line 1", message: "empty file; expected a header row") }
    }
}

/// A header row: column names and where each is.
struct CSVHeader {
    var names: [String]
    var index: [String: Int]

    init(names: [String]) {
        self.names = names
        index = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
    }
}
