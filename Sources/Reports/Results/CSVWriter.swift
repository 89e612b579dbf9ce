import LoadModel

/// Writes an RFC 4180 CSV file row by row through a buffer, so a long run keeps no rows in memory. Rows go
/// out in 64 KB writes through an `OutputFile` (redacted); the first failed write is kept in `failure`.
public final class CSVWriter {
    private let file: OutputFile
    private var buffer = ByteBuffer(capacity: 1 << 17)
    private let flushAt = 1 << 16
    public var path: String { file.path }
    /// The first failed write, if any.
    public var failure: WriteFailure? { file.failure }

    /// Creates (or truncates) the file and writes the header row.
    public init(path: String, header: [String], redactor: Redactor = .none) throws(WriteFailure) {
        file = try OutputFile(path: path, redactor: redactor)
        row(header)
    }

    /// Appends one row; fields are quoted when they hold a comma, a quote or a line break.
    public func row(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            Self.appendField(field, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= flushAt { flush() }
    }

    /// Writes buffered rows to the file (a failure lands in `failure`).
    public func flush() {
        guard buffer.count > 0 else { return }
        file.write(buffer.array)
        buffer.removeAll()
    }

    /// Flushes and closes the file; throws the first failed write.
    public func close() throws(WriteFailure) {
        flush()
        try file.close()
    }

    /// Appends one row that `body` writes straight into the buffer (fields through `append(_:to:)`, commas
    /// between them, no line break): a hot writer's rows cost no array of strings.
    public func row(_ body: (inout ByteBuffer) -> Void) {
        body(&buffer)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= flushAt { flush() }
    }

    /// Appends one field, quoted when it holds a comma, a quote or a line break (quotes doubled inside).
    public static func append(_ field: String, to out: inout [UInt8]) {
        ByteText.withUTF8(field) { append(bytes: $0, to: &out) }
    }

    /// Appends one field to a row being built, quoted as `append(_:to:)` quotes it.
    public static func appendField(_ field: String, to out: inout ByteBuffer) {
        ByteText.withUTF8(field) { bytes in
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else { out.append(bytes); return }
            out.append(UInt8(ascii: "\""))
            for b in bytes {
                if b == UInt8(ascii: "\"") { out.append(b) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// `append(_:to:)` for a field's UTF-8 bytes.
    static func append(bytes field: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let needsQuotes = field.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { out.append(contentsOf: field); return }
        out.append(UInt8(ascii: "\""))
        for b in field {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The bytes of a field as `append(_:to:)` writes it, for a value written on every row (the run id).
    public static func field(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        append(text, to: &out)
        return out
    }
}
