/// A `--thresholds FILE`: one threshold per line, `#` starts a comment, blank lines are skipped.
///
/// ```
/// # release gate for the beatra API
/// p(99) < 250ms
/// cancel[racing-completion].p(99) < 500ms   # the race is slower by design
/// violations == 0
/// ```
public enum ThresholdFile {
    /// Parses the text of a thresholds file; `file` is the name errors give.
    ///
    /// Errors read `gate.txt:3: 'cancel.p99<300ms': unknown metric "p99"; expected …`. A file with no
    /// threshold at all is an error too: a gate that checks nothing would pass every run.
    public static func parse(_ text: String, file: String) throws(UsageError) -> [Threshold] {
        var thresholds: [Threshold] = []
        // `isNewline` also splits "\r\n", which Swift keeps as one Character.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            // No threshold contains "#", so everything after it is a comment.
            let content = (line.firstIndex(of: "#").map { line[..<$0] } ?? line).trimmedOfWhitespace()
            guard !content.isEmpty else { continue }
            do {
                thresholds.append(try Threshold.parseBare(content))
            } catch {
                throw UsageError("\(file):\(index + 1): '\(content)': \(error.message)")
            }
        }
        guard !thresholds.isEmpty else {
            throw UsageError("\(file): no thresholds; expected one per line, e.g. p(99)<250ms")
        }
        return thresholds
    }
}
