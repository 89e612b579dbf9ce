import Harness
import Foundation
import Synchronization

/// Where a command's text goes: the summary to stdout, progress and errors to stderr; `quiet` keeps only errors.
struct Console: Sendable {
    var quiet = false
    /// When set (tests), text is kept here instead of written to the process's streams.
    var capture: ConsoleCapture?

    /// Normal output (the summary); suppressed when quiet.
    func out(_ text: String) {
        guard !quiet else { return }
        let line = text.hasSuffix("\n") ? text : text + "\n"
        if let capture { capture.append(out: line) } else { FileHandle.standardOutput.write(Data(line.utf8)) }
    }

    /// Progress and notes on stderr; suppressed when quiet.
    func note(_ text: String) {
        guard !quiet else { return }
        error(text)
    }

    /// Errors on stderr; always shown. `newline: false` writes the text as is (for a line updated in place).
    func error(_ text: String, newline: Bool = true) {
        let line = !newline || text.hasSuffix("\n") ? text : text + "\n"
        if let capture { capture.append(err: line) } else { FileHandle.standardError.write(Data(line.utf8)) }
    }
}

/// What a command printed, kept for a test to read.
public final class ConsoleCapture: Sendable {
    private let text = Mutex<(out: String, err: String)>(("", ""))

    public init() {}

    func append(out line: String) { text.withLock { $0.out += line } }
    func append(err line: String) { text.withLock { $0.err += line } }

    /// Everything written to stdout.
    public var out: String { text.withLock { $0.out } }
    /// Everything written to stderr.
    public var err: String { text.withLock { $0.err } }
}
