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
        let (loaded, source) = try ProfileLoader.load(path)
        #expect(loaded.name == "pika" && source == path)
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
