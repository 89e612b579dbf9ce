import Foundation
import Harness

/// Live progress on stderr: one line rewritten in place on a terminal (as often as the run reports, four times
/// a second), a plain line every 5 seconds when stderr is a file or a pipe, nothing when quiet.
///
/// `@unchecked Sendable`: a run reports progress from its loop thread only, one call at a time, so the mutable
/// state is never touched concurrently.
final class ProgressLine: @unchecked Sendable {
    let console: Console
    let isTerminal: Bool
    private var last: Int64 = 0
    private var shown = false

    init(console: Console) {
        self.console = console
        isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Shows `p`, if it is time to; clears the in-place line when the run has finished.
    func show(_ p: RunProgress) {
        guard !console.quiet else { return }
        if p.finished {
            if shown { console.error("\r\u{1B}[2K", newline: false) }
            shown = false
            return
        }
        let every: Int64 = isTerminal ? 250_000_000 : 5_000_000_000
        guard p.elapsed - last >= every else { return }
        last = p.elapsed
        let rate = Double(p.done) / max(Double(p.elapsed) / 1e9, 1e-9)
        let eta = rate > 0 ? Double(p.total - p.done) / rate : 0
        let text = "[\(String(format: "%.1f", Double(p.elapsed) / 1e9))s] \(p.done)/\(p.total) jobs (\(p.total > 0 ? p.done * 100 / p.total : 0)%), "
            + "\(String(format: "%.0f", rate)) jobs/s, \(p.inFlight) in flight, \(p.violations) violations, ETA \(String(format: "%.1f", eta))s"
        if isTerminal {
            console.error("\r\u{1B}[2K" + text, newline: false)
            shown = true
        } else {
            console.error(text)
        }
    }
}
