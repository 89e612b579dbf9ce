import Foundation
import LoadModel

/// Reads a text file line by line in large chunks (for JSON Lines files such as history.jsonl), handing each
/// non-blank line's bytes and its 1-based line number to the caller. A line's CR before its LF is dropped; a last
/// line without an LF is still a line.
public struct LineReader {
    public let path: String
    /// Bytes read at once; a line longer than this grows the buffer to hold it.
    public var chunkSize = 1 << 20

    public init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = max(chunkSize, 1)
    }

    /// Each line as its own array (for readers that keep lines or parse them with `JSONParser`).
    public func forEachLine(_ body: ([UInt8], Int) throws -> Void) throws {
        try forEachLineInPlace { line, number in try body(Array(line), number) }
    }

    /// Each line as a view into the reader's buffer, valid only during the call: nothing is copied or allocated per
    /// line, which is what lets `cancelbench check` read a million history lines a second.
    public func forEachLineInPlace(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DataError(file: path, path: "line 1", message: "cannot be read") }
        defer { close(fd) }
        var capacity = chunkSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0, number = 1
        func emit(_ start: Int, _ end: Int) throws {
            var end = end
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            var blank = true
            for k in start..<end where buffer[k] != 0x20 && buffer[k] != 0x09 { blank = false; break }
            if !blank { try body(UnsafeBufferPointer(start: buffer + start, count: end - start), number) }
            number += 1
        }
        while true {
            if filled == capacity {
                // One line fills the whole buffer: double it (the line so far moves with it).
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(file: path, path: "line \(number)", message: "cannot be read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            let end = filled + n
            var start = 0
            // Only the new bytes can hold the next newline: the carried-over part had none.
            var searchFrom = filled
            while searchFrom < end, let found = memchr(buffer + searchFrom, 0x0A, end - searchFrom) {
                let newline = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self))
                try emit(start, newline)
                start = newline + 1
                searchFrom = start
            }
            // The unfinished last line moves to the front for the next read.
            filled = end - start
            if start > 0, filled > 0 { memmove(buffer, buffer + start, filled) }
        }
        if filled > 0 { try emit(0, filled) }
    }
}
