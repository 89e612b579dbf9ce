import Foundation
import Testing
@testable import CancelbenchCLI

/// The manual's copies of `--help` (docs/commands.md) are the binary's own words: a changed help text, a new
/// option or a new command that is not copied into the manual fails here, not in a reader's terminal.
@Suite struct HelpDocsTests {
    /// What to run to bring the manual back in line; every failure says it.
    static let fix = "run `swift build && scripts/update-help-docs` and commit docs/commands.md"

    /// The manual, found from this file (Tests/CancelbenchCLITests/ → the checkout's docs/).
    static let manualPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/commands.md").path

    /// `cancelbench` stands for the top-level `cancelbench --help`; the rest are the command table's names.
    static let blocks = ["cancelbench"] + CancelbenchCLI.commands.map { $0.name }

    @Test(arguments: HelpDocsTests.blocks)
    func manualCopyIsWhatTheCommandPrints(name: String) throws {
        let printed = try Self.help(name)
        let copy = try #require(try Self.manualBlock(name), "docs/commands.md has no <!-- help:\(name) --> block; \(Self.fix)")
        let diff = Self.firstDifference(copy, printed)
        #expect(copy == printed, "docs/commands.md's copy of `\(Self.invocation(name))` differs from what it prints (\(diff)); \(Self.fix)")
    }

    @Test(arguments: CancelbenchCLI.commands.map { $0.name })
    func everyOptionHasARowInTheManual(name: String) throws {
        let command = try #require(CancelbenchCLI.commands.first { $0.name == name })
        let copy = try #require(try Self.manualBlock(name), "docs/commands.md has no <!-- help:\(name) --> block; \(Self.fix)")
        let rows = copy.split(separator: "\n", omittingEmptySubsequences: false)
        for option in command.options.map(\.name) + ["help"] {
            // A row of the option table: two spaces, the option, then its value or the help text.
            #expect(rows.contains { $0.hasPrefix("  --\(option) ") },
                    "docs/commands.md documents no --\(option) for `cancelbench \(name)`; \(Self.fix)")
        }
    }

    @Test func everyBlockNamesACommand() throws {
        let text = try String(contentsOfFile: Self.manualPath, encoding: .utf8)
        let named = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("<!-- help:"), line.hasSuffix(" -->") else { return nil }
            return String(line.dropFirst("<!-- help:".count).dropLast(" -->".count))
        }
        #expect(named.sorted() == Self.blocks.sorted(), "help blocks in docs/commands.md: \(named); commands: \(Self.blocks); \(Self.fix)")
    }

    /// The help the binary prints for `name`, run in-process through the same entry point as the executable.
    static func help(_ name: String) throws -> String {
        let capture = ConsoleCapture()
        let argv = name == "cancelbench" ? ["--help"] : [name, "--help"]
        let code = CancelbenchCLI.main(argv, capture: capture)
        #expect(code == 0, "`\(invocation(name))` exited \(code)")
        #expect(capture.err.isEmpty, "`\(invocation(name))` wrote to stderr: \(capture.err)")
        return trimmingTrailingNewlines(capture.out)
    }

    /// The text inside the ```text fence between `<!-- help:NAME -->` and `<!-- /help -->`, or nil when the
    /// manual has no such block.
    static func manualBlock(_ name: String) throws -> String? {
        let lines = try String(contentsOfFile: manualPath, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "<!-- help:\(name) -->") else { return nil }
        guard let end = lines[start...].firstIndex(of: "<!-- /help -->") else {
            Issue.record("docs/commands.md: the block for \(name) has no <!-- /help --> end; \(fix)")
            return nil
        }
        let inside = lines[(start + 1)..<end]
        guard inside.count >= 2, inside.first == "```text", inside.last == "```" else {
            Issue.record("docs/commands.md: the block for \(name) is not one ```text fence; \(fix)")
            return nil
        }
        return inside.dropFirst().dropLast().joined(separator: "\n")
    }

    static func invocation(_ name: String) -> String {
        name == "cancelbench" ? "cancelbench --help" : "cancelbench \(name) --help"
    }

    static func trimmingTrailingNewlines(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Where two texts part, for the failure message: the first differing line of each.
    static func firstDifference(_ manual: String, _ printed: String) -> String {
        let a = manual.split(separator: "\n", omittingEmptySubsequences: false)
        let b = printed.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "(end)", y = i < b.count ? String(b[i]) : "(end)"
            if x != y { return "line \(i + 1) of the block: manual \"\(x)\", command \"\(y)\"" }
        }
        return "no difference"
    }
}
