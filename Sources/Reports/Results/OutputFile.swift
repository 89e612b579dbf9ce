#if canImport(Glibc)
import Glibc
#endif

/// Why an output could not be written: the file and the system's own reason (`No space left on device`).
public struct WriteFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The failure of the last system call, named by `errno`.
    static func last(_ path: String) -> WriteFailure { WriteFailure(path: path, reason: String(cString: strerror(errno))) }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// One output file written with POSIX calls, every byte through the run's `Redactor`. The first failed write
/// (a full disk, an I/O error, a removed folder) is kept in `failure`, and later writes are skipped, so the
/// caller can stop the run and name the file instead of losing evidence silently.
public final class OutputFile {
    public let path: String
    private var fd: Int32
    private let redactor: Redactor
    /// The first write that failed; nil while every byte went out.
    public private(set) var failure: WriteFailure?

    /// Creates (or truncates) the file.
    public init(path: String, redactor: Redactor = .none) throws(WriteFailure) {
        self.path = path
        self.redactor = redactor
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw WriteFailure.last(path) }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Appends `bytes` (redacted); a failure is recorded, not thrown, so a hot path pays one branch.
    public func write(_ bytes: [UInt8]) {
        guard failure == nil, fd >= 0, !bytes.isEmpty else { return }
        let out = redactor.redact(bytes)
        out.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n > 0 { done += n; continue }
                if n < 0, errno == EINTR { continue }
                if n == 0 { errno = EIO }
                failure = WriteFailure.last(path)
                return
            }
        }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    /// Closes the file; throws the first failure of any write or of the close itself.
    public func close() throws(WriteFailure) {
        if fd >= 0 {
            // close() reports delayed write errors (NFS, some full-disk cases).
            if Glibc.close(fd) != 0, failure == nil { failure = WriteFailure.last(path) }
            fd = -1
        }
        if let failure { throw failure }
    }

    /// Creates a folder and its parents (`mkdir -p`), failing with the system's reason for the first part that
    /// cannot be made (`/proc/x: No such file or directory`, `Permission denied`, `Not a directory`).
    public static func makeDirectory(_ path: String) throws(WriteFailure) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { throw WriteFailure.last(prefix) }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw WriteFailure.last(path) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw WriteFailure(path: path, reason: "not a directory") }
        guard access(path, W_OK) == 0 else { throw WriteFailure.last(path) }
    }

    /// Writes a whole file at once (summary.json, an `.hgrm`), redacted; `atomic` writes a temporary file
    /// beside it and renames it, so a reader never sees half a file.
    public static func write(_ text: String, to path: String, redactor: Redactor = .none, atomic: Bool = false) throws(WriteFailure) {
        try write(Array(text.utf8), to: path, redactor: redactor, atomic: atomic)
    }

    /// Writes a whole file of bytes at once, as `write(_:to:redactor:atomic:)` does text.
    public static func write(_ bytes: [UInt8], to path: String, redactor: Redactor = .none, atomic: Bool = false) throws(WriteFailure) {
        let temporary = atomic ? path + ".partial" : path
        let file = try OutputFile(path: temporary, redactor: redactor)
        file.write(bytes)
        do { try file.close() } catch {
            // A half-written regular file is removed; never a device, a pipe or whatever else the path names
            // (`--junit /dev/full` run as root must not delete the device).
            var info = stat()
            if lstat(temporary, &info) == 0, info.st_mode & S_IFMT == S_IFREG { unlink(temporary) }
            throw WriteFailure(path: path, reason: error.reason)
        }
        if atomic, rename(temporary, path) != 0 {
            let failure = WriteFailure.last(path)
            unlink(temporary)
            throw failure
        }
    }
}
