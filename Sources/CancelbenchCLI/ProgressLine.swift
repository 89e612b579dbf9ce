import Foundation

/// Live progress on stderr: one line rewritten in place on a terminal (4 times a second), a plain line every
/// 5 seconds when stderr is a file or a pipe, nothing when quiet.
struct ProgressLine {
    let console: Console
    let total: Int
    let isTerminal: Bool
    private var last: Int64 = 0
    private var shown = false

    init(console: Console, total: Int) {
        self.console = console
        self.total = total
        isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Shows progress at `t` ns since the run started, if it is time to.
    mutating func update(t: Int64, done: Int, inFlight: Int, violations: Int) {
        guard !console.quiet else { return }
        let every: Int64 = isTerminal ? 250_000_000 : 5_000_000_000
        guard t - last >= every else { return }
        last = t
        let rate = Double(done) / max(Double(t) / 1e9, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let text = "[\(String(format: "%.1f", Double(t) / 1e9))s] \(done)/\(total) jobs (\(total > 0 ? done * 100 / total : 0)%), "
            + "\(String(format: "%.0f", rate)) jobs/s, \(inFlight) in flight, \(violations) violations, ETA \(String(format: "%.1f", eta))s"
        if isTerminal {
            console.error("\r\u{1B}[2K" + text, newline: false)
            shown = true
        } else {
            console.error(text)
        }
    }

    /// Clears the in-place line before the summary prints.
    mutating func finish() {
        if shown { console.error("\r\u{1B}[2K", newline: false) }
        shown = false
    }
}
