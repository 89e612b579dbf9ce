import Foundation
import Testing
@testable import Reports

/// Writes that fail are kept with the file and the system's reason, never dropped.
@Suite struct OutputFileTests {
    /// /dev/full fails every write with ENOSPC, as a full disk does.
    @Test func aFullDiskIsKeptAsTheFirstFailure() throws {
        let file = try OutputFile(path: "/dev/full")
        file.write("a line\n")
        #expect(file.failure == WriteFailure(path: "/dev/full", reason: "No space left on device"))
        file.write("later writes are skipped\n")
        #expect(throws: WriteFailure.self) { try file.close() }
    }

    /// A write that fails on a device reports the failure and leaves the device alone (run as root, an unlink
    /// would delete /dev/full itself).
    @Test func aFailedWriteNeverRemovesWhatIsNotARegularFile() throws {
        #expect(throws: WriteFailure.self) { try OutputFile.write("x", to: "/dev/full") }
        var info = stat()
        #expect(lstat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func csvRowsThatCannotBeWrittenSurfaceAtFlushAndClose() throws {
        let csv = try CSVWriter(path: "/dev/full", header: ["a", "b"])
        csv.row(["1", "2"])
        #expect(csv.failure == nil, "still buffered")
        #expect(throws: WriteFailure(path: "/dev/full", reason: "No space left on device")) { try csv.close() }
    }

    @Test(arguments: [
        ("/dev/null/x", "/dev/null/x: Not a directory"),
        ("/dev/null", "/dev/null: not a directory"),
    ])
    func foldersThatCannotBeMadeSayWhy(path: String, message: String) {
        #expect(throws: WriteFailure.self) { try OutputFile.makeDirectory(path) }
        do { try OutputFile.makeDirectory(path) } catch { #expect(error.description == "cannot write " + message) }
    }

    @Test func atomicWritesLeaveNoPartialFileBehind() throws {
        let dir = NSTemporaryDirectory() + "cb-out-\(UUID().uuidString)"
        try OutputFile.makeDirectory(dir + "/a/b")
        try OutputFile.write("whole", to: dir + "/a/b/f.txt", redactor: Redactor(secrets: ["ol"]), atomic: true)
        #expect(try String(contentsOfFile: dir + "/a/b/f.txt", encoding: .utf8) == "wh[redacted]e")
        #expect(!FileManager.default.fileExists(atPath: dir + "/a/b/f.txt.partial"))
    }
}
