import Foundation

/// The checked-in seed inputs under `fuzz/corpus/NAME/`, shared with the libFuzzer harnesses (`scripts/fuzz`).
enum Corpus {
    /// The repository's top folder, found from this file so the tests run from any directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every file of `fuzz/corpus/name`, sorted by name so the mutation sequence is the same on every machine.
    static func load(_ name: String) -> [(name: String, bytes: [UInt8])] {
        let folder = root.appendingPathComponent("fuzz/corpus/\(name)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { file in
            FileManager.default.contents(atPath: folder.appendingPathComponent(file).path).map { (file, Array($0)) }
        }
    }
}

/// How long a fuzz loop runs, and from which seed: fixed for `swift test`, larger through the environment
/// (`CANCELBENCH_FUZZ_ITERATIONS=200000 CANCELBENCH_FUZZ_SEED=7 swift test --filter FuzzTests`).
enum FuzzSettings {
    static var seed: UInt64 { ProcessInfo.processInfo.environment["CANCELBENCH_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261201 }

    static func iterations(_ standard: Int) -> Int {
        ProcessInfo.processInfo.environment["CANCELBENCH_FUZZ_ITERATIONS"].flatMap(Int.init) ?? standard
    }

    /// The input as Swift source (a `[UInt8]` literal cut at 4 KB), so a failure becomes a regression row.
    static func literal(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(4096).map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ",")
        return "[\(shown)]" + (bytes.count > 4096 ? " (first 4096 of \(bytes.count) bytes)" : "")
    }

    /// Before each input, writes it to `$CANCELBENCH_FUZZ_TRACE.LOOP` when set: a crash ends the process before
    /// any report, and this file then holds the input that did it (one file per loop, since loops run at once).
    static func trace(_ bytes: [UInt8], loop: String = #fileID) {
        guard let path = tracePath else { return }
        let name = loop.split(separator: "/").last.map(String.init) ?? loop
        _ = FileManager.default.createFile(atPath: "\(path).\(name)", contents: Data(bytes))
    }

    private static let tracePath = ProcessInfo.processInfo.environment["CANCELBENCH_FUZZ_TRACE"]
}
