import Foundation

/// Where a command's text goes: the summary to stdout, progress and errors to stderr; `quiet` keeps only errors.
struct Console: Sendable {
    var quiet = false

    /// Normal output (the summary); suppressed when quiet.
    func out(_ text: String) {
        guard !quiet else { return }
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Progress and notes on stderr; suppressed when quiet.
    func note(_ text: String) {
        guard !quiet else { return }
        error(text)
    }

    /// Errors on stderr; always shown. `newline: false` writes the text as is (for a line updated in place).
    func error(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((!newline || text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
