/// One row of a CSV file as `CSVReader` hands it over: the unquoted field bytes, back to back.
///
/// Fields are read by index, as bytes, numbers or strings; numbers are parsed straight from the bytes so a
/// million-row file makes no per-field `String`.
public struct CSVRow {
    /// The line of the file the row starts on (1 is the header).
    public internal(set) var line = 1
    var bytes: [UInt8] = []
    /// `starts[i]` and `ends[i]` are the start and end offsets of field i in `bytes` (a line without quotes is
    /// kept whole, commas included, so its fields are not copied one by one).
    var starts: [Int] = [0]
    var ends: [Int] = []
    /// Column name → index, from the header (empty while the header itself is read).
    var columns: [String: Int] = [:]

    /// The number of fields.
    public var count: Int { ends.count }

    /// The index of a column named in the header.
    public func index(of column: String) -> Int? { columns[column] }

    func range(_ i: Int) -> Range<Int> { starts[i]..<ends[i] }

    /// Field `i` as a string.
    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    /// Whether field `i` is exactly `text` (compares bytes, no allocation).
    public func field(_ i: Int, is text: StaticString) -> Bool {
        let r = range(i)
        guard r.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { buf in
            var j = 0
            for k in r { if bytes[k] != buf[j] { return false }; j += 1 }
            return true
        }
    }

    /// Field `i` as a whole number (optional leading minus), or nil if it is empty or not one.
    public func int64(_ i: Int) -> Int64? {
        let r = range(i)
        guard !r.isEmpty else { return nil }
        var k = r.lowerBound
        let negative = bytes[k] == UInt8(ascii: "-")
        if negative { k += 1 }
        guard k < r.upperBound, r.upperBound - k <= 18 else { return nil }
        var v: Int64 = 0
        while k < r.upperBound {
            let d = bytes[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v * 10 + Int64(d)
            k += 1
        }
        return negative ? -v : v
    }
}

/// The byte-at-a-time RFC 4180 state machine behind `CSVReader`: quoted fields may hold commas, doubled
/// quotes and line breaks; a CR before LF is dropped; blank lines are skipped.
struct CSVRowParser {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    private var state = State.fieldStart
    private var row = CSVRow()
    private var line = 1
    private(set) var rowStartLine = 1
    /// Set when a row was handed out: its storage is cleared at the next byte, once the caller has let go of
    /// the copy, so the buffers are reused instead of copied on write.
    private var pendingReset = false
    var columns: [String: Int] {
        get { row.columns }
        set { row.columns = newValue }
    }

    var inQuotes: Bool { state == .quoted }

    /// Takes one byte; returns the row it completes, if any.
    mutating func feed(_ b: UInt8) -> CSVRow? {
        if pendingReset { reset() }
        switch state {
        case .quoted:
            if b == UInt8(ascii: "\"") { state = .quoteInQuoted } else { append(b) }
            return nil
        case .quoteInQuoted:
            if b == UInt8(ascii: "\"") { append(b); state = .quoted; return nil }
            state = .unquoted
            return structural(b)
        case .fieldStart:
            if b == UInt8(ascii: "\"") { state = .quoted; return nil }
            return structural(b)
        case .unquoted:
            return structural(b)
        }
    }

    /// Takes bytes of `chunk` from `i` on until a row is complete, and returns it (nil once the chunk is used
    /// up): what `feed(_:)` does byte by byte, with the bytes between separators, line ends and quotes copied
    /// into the row as whole runs.
    mutating func next(_ chunk: UnsafeBufferPointer<UInt8>, from i: inout Int) -> CSVRow? {
        let n = chunk.count
        while i < n {
            if pendingReset { reset() }
            if state == .fieldStart, row.ends.isEmpty, row.bytes.isEmpty {
                let before = i
                if let whole = wholeLine(chunk, from: &i) { return whole }
                if i != before { continue }  // a blank line, skipped
            }
            switch state {
            case .fieldStart where chunk[i] == UInt8(ascii: "\""):
                state = .quoted
                i += 1
            case .fieldStart, .unquoted:
                var j = i
                while j < n {
                    let b = chunk[j]
                    if b == UInt8(ascii: ",") || b == 0x0A || b == 0x0D { break }
                    j += 1
                }
                if j > i {
                    row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i..<j]))
                    state = .unquoted
                }
                i = j + 1
                if j < n, let done = structural(chunk[j]) { return done }
            case .quoted:
                var j = i
                while j < n && chunk[j] != UInt8(ascii: "\"") {
                    if chunk[j] == 0x0A { line += 1 }
                    j += 1
                }
                row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i..<j]))
                if j < n { state = .quoteInQuoted }
                i = j + 1
            case .quoteInQuoted:
                i += 1
                if let done = feed(chunk[i - 1]) { return done }
            }
        }
        return nil
    }

    /// At the start of a row: when the chunk holds the row's whole line and it has no quote and no CR, the line
    /// is taken at once (one copy, commas kept, fields by offsets) and `i` moves past its line break; a blank
    /// line is skipped. Otherwise nothing is taken, and the row is read the general way.
    private mutating func wholeLine(_ chunk: UnsafeBufferPointer<UInt8>, from i: inout Int) -> CSVRow? {
        let n = chunk.count
        var j = i
        while j < n {
            let b = chunk[j]
            if b == 0x0A { break }
            if b == UInt8(ascii: ",") {
                row.ends.append(j - i)
                row.starts.append(j - i + 1)
            } else if b == UInt8(ascii: "\"") || b == 0x0D {
                break
            }
            j += 1
        }
        guard j < n, chunk[j] == 0x0A else {
            row.ends.removeAll(keepingCapacity: true)
            row.starts.removeAll(keepingCapacity: true)
            row.starts.append(0)
            return nil
        }
        let start = i
        i = j + 1
        defer { line += 1; rowStartLine = line }
        if j == start { return nil }
        row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<j]))
        row.ends.append(j - start)
        row.line = rowStartLine
        pendingReset = true
        return row
    }

    /// A byte outside quotes: a separator, a line end, or field content.
    private mutating func structural(_ b: UInt8) -> CSVRow? {
        switch b {
        case UInt8(ascii: ","):
            row.ends.append(row.bytes.count)
            row.starts.append(row.bytes.count)
            state = .fieldStart
            return nil
        case 0x0A:
            defer { line += 1; rowStartLine = line }
            return endRow()
        case 0x0D:
            return nil
        default:
            append(b)
            state = .unquoted
            return nil
        }
    }

    private mutating func append(_ b: UInt8) {
        if b == 0x0A { line += 1 }
        row.bytes.append(b)
    }

    /// Closes the current row; nil for a blank line.
    private mutating func endRow() -> CSVRow? {
        if row.ends.isEmpty && row.bytes.isEmpty && state == .fieldStart { return nil }
        row.ends.append(row.bytes.count)
        row.line = rowStartLine
        pendingReset = true
        return row
    }

    private mutating func reset() {
        row.bytes.removeAll(keepingCapacity: true)
        row.ends.removeAll(keepingCapacity: true)
        row.starts.removeAll(keepingCapacity: true)
        row.starts.append(0)
        state = .fieldStart
        pendingReset = false
    }

    /// The last row when the file does not end with a line break.
    mutating func finish() -> CSVRow? {
        if pendingReset { return nil }
        return endRow()
    }
}
