import Foundation
import Testing
@testable import CancelbenchCLI

/// `cancelbench completion`: the scripts are made from the command table, parse in their shells, and bash's
/// really completes (the function is called with COMP_WORDS set as bash would set them).
@Suite struct CompletionCommandTests {
    /// The script `cancelbench completion SHELL` prints.
    static func script(_ shell: String) throws -> String {
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(["completion", shell], capture: capture)
        #expect(code == 0, "completion \(shell) exited \(code): \(capture.err)")
        return capture.out
    }

    /// Every command of the table, so a new command is checked without touching this file.
    static let commands = CancelbenchCLI.commands.map { $0.name }

    @Test(arguments: CompletionCommandTests.commands)
    func bashOffersEveryCommandAndFlag(name: String) throws {
        let command = try #require(CancelbenchCLI.commands.first { $0.name == name })
        let script = try Self.script("bash")
        // The command list offered after `cancelbench`.
        let first = try #require(script.split(separator: "\n").first { $0.contains("_cancelbench_words \"") && $0.contains("--version") })
        #expect(first.split(whereSeparator: { $0 == " " || $0 == "\"" }).contains { $0 == name }, "bash does not complete the command \(name)")
        // The flags offered after `cancelbench NAME -`.
        let row = try #require(script.split(separator: "\n").first { $0.hasPrefix("      '\(name)') _cancelbench_words '") },
                               "bash has no flag list for \(name)")
        let words = row.split(separator: "'")[3].split(separator: " ").map(String.init)
        for option in command.options.map(\.name) + ["help"] {
            #expect(words.contains("--\(option)"), "bash does not complete --\(option) for \(name)")
        }
    }

    @Test(arguments: CompletionCommandTests.commands)
    func zshOffersEveryCommandAndFlag(name: String) throws {
        let command = try #require(CancelbenchCLI.commands.first { $0.name == name })
        let lines = try Self.script("zsh").split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("    '\(name):") }, "zsh does not complete the command \(name)")
        let start = try #require(lines.firstIndex { $0.hasPrefix("    (\(name)) _arguments") }, "zsh has no _arguments for \(name)")
        let block = lines[start...].prefix { !$0.hasSuffix(";;") }
        for option in command.options.map(\.name) + ["help"] {
            #expect(block.contains { $0.hasPrefix("      '--\(option)[") || $0.hasPrefix("      '--\(option)=[") || $0.hasPrefix("      '*--\(option)") },
                    "zsh does not complete --\(option) for \(name)")
        }
    }

    @Test(arguments: [
        ("bash", "/bin/bash"),
        // Skipped where zsh is not installed; the bash check below runs everywhere.
        ("zsh", "/usr/bin/zsh"),
    ])
    func shellParsesTheScript(shell: String, path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else { return }
        let file = try Self.write(try Self.script(shell))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try Self.runShell(path, ["-n", file])
        #expect(result.code == 0, "\(shell) -n refused the script: \(result.err)")
    }

    @Test(arguments: [
        // Flags by prefix.
        (["run", "--nem"], ["--nemesis", "--nemesis-duration", "--nemesis-interval"]),
        // --nemesis kinds.
        (["run", "--nemesis", "pa"], ["partition", "pause"]),
        // Commands after the program name.
        (["c"], ["check", "compare", "completion"]),
        // --fault names of the reference target.
        (["serve", "--fault", "lost"], ["lost-cancel"]),
        // --arrival kinds, also written --arrival=KIND (bash splits at '=').
        (["run", "--arrival", "=", "p"], ["poisson"]),
        // Cancel points, with '=' appended for the weight.
        (["run", "--cancel-mix", "cl"], ["claim="]),
        // The next point after a comma, as bash splits `claim=1,ru`.
        (["run", "--cancel-mix", "claim", "=", "1,ru"], ["1,running="]),
        // A weight is a number: nothing to offer.
        (["run", "--cancel-mix", "claim", "="], []),
        // serve's contracts.
        (["serve", "--profile", "o"], ["ogc-processes"]),
        // run's profiles: names found in the profiles folder.
        (["run", "--profile", "tem"], ["temporal"]),
        // A free value: no flags offered in its place.
        (["run", "--jobs", ""], []),
        // The shells.
        (["completion", ""], ["bash", "zsh"]),
        // `help COMMAND`.
        (["help", "me"], ["merge"]),
    ])
    func bashCompletes(words: [String], expected: [String]) throws {
        let offered = try Self.bashComplete(words)
        #expect(offered == expected, "cancelbench \(words.joined(separator: " ")) offered \(offered)")
    }

    @Test func bashCompletesResultsFoldersAndFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("run-1"), withIntermediateDirectories: true)
        try Data().write(to: dir.appendingPathComponent("run-1.txt"))
        defer { try? FileManager.default.removeItem(at: dir) }
        // Positionals of check are folders only; --thresholds takes any file.
        #expect(try Self.bashComplete(["check", "run"], in: dir.path) == ["run-1"])
        #expect(try Self.bashComplete(["run", "--thresholds", "run"], in: dir.path) == ["run-1", "run-1.txt"])
        #expect(try Self.bashComplete(["merge", "a", "--out", "ru"], in: dir.path) == ["run-1"])
    }

    @Test(arguments: [
        // An unknown shell names itself and the known ones.
        (["completion", "fish"], "no completion for the shell 'fish'; expected bash or zsh"),
        // No shell at all.
        (["completion"], "completion needs a shell: bash or zsh"),
    ])
    func badShellIsAUsageError(argv: [String], message: String) {
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(argv, capture: capture) == 64)
        #expect(capture.err.contains("Error: \(message)"), "stderr: \(capture.err)")
        #expect(capture.err.contains("See 'cancelbench completion --help'"))
    }

    @Test func helpSaysHowToInstall() throws {
        let help = CompletionCommand.helpText
        #expect(help.contains("source <(cancelbench completion bash)"))
        #expect(help.contains("/etc/bash_completion.d/cancelbench"))
        #expect(help.contains("_cancelbench") && help.contains("$fpath") && help.contains("compinit"))
    }

    /// What the bash script's function puts in COMPREPLY for `cancelbench WORDS…` (the last word is the one
    /// being completed), sorted.
    static func bashComplete(_ words: [String], in directory: String? = nil) throws -> [String] {
        let file = try write(try script("bash"))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let all = (["cancelbench"] + words).map(CompletionScript.quoted).joined(separator: " ")
        let program = "source \(CompletionScript.quoted(file)); COMP_WORDS=(\(all)); COMP_CWORD=\(words.count); _cancelbench; "
            + #"(( ${#COMPREPLY[@]} )) && printf '%s\n' "${COMPREPLY[@]}""#
        let result = try runShell("/bin/bash", ["--norc", "--noprofile", "-c", program], in: directory)
        #expect(result.err.isEmpty, "bash wrote: \(result.err)")
        return result.out.split(separator: "\n").map(String.init).sorted()
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cancelbench-completion-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func runShell(_ path: String, _ arguments: [String], in directory: String? = nil) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
