import Foundation
import Harness

/// A worker's progress as one line in a file the pool reads: `elapsed_ns done total in_flight violations finished`,
/// rewritten at most four times a second.
///
/// `@unchecked Sendable`: a run reports progress from its loop thread only, one call at a time.
final class WorkerProgressFile: @unchecked Sendable {
    let path: String
    private var last: Int64 = -1_000_000_000

    init(path: String) { self.path = path }

    func write(_ p: RunProgress) {
        guard p.finished || p.elapsed - last >= 250_000_000 else { return }
        last = p.elapsed
        let line = "\(p.elapsed) \(p.done) \(p.total) \(p.inFlight) \(p.violations) \(p.finished ? 1 : 0)\n"
        // Progress only: a failed write loses a progress line, never evidence.
        try? line.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The last line a worker wrote, or nil.
    static func read(_ path: String) -> RunProgress? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let f = text.split(separator: " ").compactMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard f.count == 6 else { return nil }
        return RunProgress(elapsed: f[0], done: Int(f[1]), total: Int(f[2]), inFlight: Int(f[3]), violations: Int(f[4]), finished: f[5] == 1)
    }
}
