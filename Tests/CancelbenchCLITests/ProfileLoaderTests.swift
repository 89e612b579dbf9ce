import Foundation
import LoadModel
import Testing
@testable import CancelbenchCLI

/// A profile file is checked against the size limit before it is read whole, whatever kind of file it is.
@Suite struct ProfileLoaderTests {
    /// How a file that is too large is made, and what the message ends with.
    enum Oversized: String, CaseIterable, Sendable {
        /// 50 MB, sparse: refused from its size alone, without a byte read (it once took 930 MB of memory).
        case fiftyMegabytes
        /// One byte over the limit, really written.
        case oneByteOver
        /// A device whose size says 0 and that never ends: only the bounded read stops it.
        case devZero
    }

    @Test(arguments: Oversized.allCases)
    func oversizedProfilesAreRefused(kind: Oversized) throws {
        let path: String
        let expected: String
        switch kind {
        case .fiftyMegabytes:
            path = try Self.file("big.json") { try $0.truncate(atOffset: 50_000_000) }
            expected = "\(path): $: the file is 50000000 bytes; a profile may be at most 1048576 bytes (1 MiB)"
        case .oneByteOver:
            path = try Self.file("over.json") { $0.write(Data(repeating: 0x20, count: Profile.maxBytes + 1)) }
            expected = "\(path): $: the file is 1048577 bytes; a profile may be at most 1048576 bytes (1 MiB)"
        case .devZero:
            path = "/dev/zero"
            expected = "/dev/zero: $: more than 1048576 bytes; a profile may be at most 1048576 bytes (1 MiB)"
        }
        defer { if kind != .devZero { try? FileManager.default.removeItem(atPath: path) } }
        #expect {
            _ = try ProfileLoader.load(path)
        } throws: { error in
            (error as? DataError)?.description == expected
        }
    }

    @Test func profileAtTheLimitLoads() throws {
        let profile = try #require(FileManager.default.contents(atPath: ProfileLoader.searchPath
            .map { "\($0)/pika.json" }.first { FileManager.default.fileExists(atPath: $0) }!))
        let path = try Self.file("at-limit.json") { handle in
            handle.write(profile)
            handle.write(Data(repeating: 0x0A, count: Profile.maxBytes - profile.count))
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try ProfileLoader.load(path)
        #expect(loaded.profile.name == "pika" && loaded.source == path && loaded.bytes.count == Profile.maxBytes)
    }

    @Test func aFolderIsNotAProfile() throws {
        let folder = NSTemporaryDirectory() + "cancelbench-tests/folder-\(UUID().uuidString).json"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            _ = try ProfileLoader.load(folder)
        } throws: { error in
            (error as? DataError)?.message.hasPrefix("cannot read the file") == true
        }
    }

    /// A fresh file under the temporary directory, filled by `fill`.
    static func file(_ name: String, _ fill: (FileHandle) throws -> Void) throws -> String {
        let folder = NSTemporaryDirectory() + "cancelbench-tests"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/\(UUID().uuidString)-\(name)"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try fill(handle)
        return path
    }
}

extension ProfileLoaderTests {
    /// The embedded target is chosen by the profile's "reference" key, never by its name: a user's own profile
    /// named "pika" without the key has nothing to run against here.
    @Test(arguments: [
        // The shipped Pika profile, renamed and without its key: a usage error saying to give --target.
        ("pika", nil, 64, "the profile names no embedded reference target"),
        // A profile of another API that asks for an existing simulator: it runs (the user chose it).
        ("my-api", "\"beatra\"", 0, ""),
        // An unknown simulator is a bad profile, named by its JSON path.
        ("pika", "\"slurm\"", 65, "$.reference: expected the embedded reference target to serve"),
    ] as [(String, String?, Int32, String)])
    func embeddedTargetIsChosenByTheReferenceKey(name: String, reference: String?, exit: Int32, message: String) throws {
        let source = reference == "\"beatra\"" ? "beatra" : "pika"
        var text = try String(contentsOfFile: ProfileLoader.searchPath.map { "\($0)/\(source).json" }.first { FileManager.default.fileExists(atPath: $0) }!, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"name\": \"\(source)\"", with: "\"name\": \"\(name)\"")
            .replacingOccurrences(of: "  \"reference\": \"\(source)\",\n", with: reference.map { "  \"reference\": \($0),\n" } ?? "")
        let file = NSTemporaryDirectory() + "cb-reference-\(UUID().uuidString).json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(["run", "--profile", file, "--jobs", "20", "--out", scratchDirectory("reference"), "--quiet"], capture: capture) == exit)
        #expect(message.isEmpty || capture.err.contains(message), "\(capture.err)")
    }
}

extension ProfileLoaderTests {
    /// An installed binary (the Debian package: /usr/bin/cancelbench, /usr/share/cancelbench/profiles) finds its
    /// profiles by name; the working directory and $CANCELBENCH_PROFILES still come first.
    @Test func installedBinaryFindsItsSharedProfiles() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("cb-prefix-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: prefix + "/share/cancelbench/profiles", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: prefix + "/bin/cancelbench", contents: Data())
        let dirs = ProfileLoader.searchPath(executable: prefix + "/bin/cancelbench",
                                            environment: ["CANCELBENCH_PROFILES": "/env/profiles"],
                                            currentDirectory: "/work")
        let shared = try #require(dirs.firstIndex(of: prefix + "/share/cancelbench/profiles"))
        #expect(dirs.first == "/env/profiles")
        #expect(try #require(dirs.firstIndex(of: "/work/profiles")) < shared)
        // The checkout this test was built from stays on the path, after the installed folder.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("profiles").path
        #expect(try #require(dirs.firstIndex(of: source)) > shared)
    }
}
