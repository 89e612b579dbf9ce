import Foundation
import Synchronization

/// The open store file: whole-line appends, and a commit that makes everything appended so far durable.
///
/// Appends only `write` (into the page cache, microseconds, under the caller's job lock so one job's records
/// stay in order); `commit` runs `fdatasync` and is called before an answer is sent. Commits are grouped: a
/// thread that finds its bytes already covered by another thread's sync returns at once, and one sync covers
/// every append made before it started, so with several event loops one disk flush acknowledges many requests.
/// A failed write or sync is sticky: from then on every commit fails and the target answers nothing, since it
/// can no longer promise that a change it acknowledges is on disk.
final class StoreFile: Sendable {
    /// The path as given, for messages.
    let path: String
    /// Open for appending (`O_APPEND`), locked with `flock` so a second server cannot write into the same store.
    private let fd: Int32

    private struct Appends {
        /// Bytes appended (end offset of the last whole line written).
        var bytes: UInt64
        /// Why the store stopped accepting writes, or nil.
        var failure: String?
        var closed = false
    }
    private let appends: Mutex<Appends>
    /// Bytes known to be on disk; the lock is held across `fdatasync`, so a later committer waits for the sync
    /// in progress and then usually finds its bytes covered.
    private let synced: Mutex<UInt64>
    /// `synced` mirrored for the lock-free check that lets a read skip the sync lock entirely.
    private let syncedHint: Atomic<UInt64>

    /// Opens (creating when absent) the file at `path` and returns it with its whole content.
    static func open(_ path: String) throws(StoreError) -> (file: StoreFile, content: [UInt8]) {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(file: path, doing: "cannot open or create the store file", errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            Glibc.close(fd)
            if code == EWOULDBLOCK {
                throw StoreError.io(file: path, doing: "the store is in use by another serve (locked)", errno: nil)
            }
            throw StoreError.io(file: path, doing: "cannot lock the store file", errno: code)
        }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(content.count)) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                let code = errno
                Glibc.close(fd)
                throw StoreError.io(file: path, doing: "cannot read the store file", errno: code)
            }
            if count == 0 { break }
            content.append(contentsOf: buffer[0..<count])
        }
        return (StoreFile(path: path, fd: fd, length: UInt64(content.count)), content)
    }

    private init(path: String, fd: Int32, length: UInt64) {
        self.path = path
        self.fd = fd
        appends = Mutex(Appends(bytes: length))
        synced = Mutex(length)
        syncedHint = Atomic(length)
    }

    deinit { close() }

    /// Cuts the file to its first `length` bytes (a torn last record) and syncs the cut.
    func truncate(to length: UInt64) throws(StoreError) {
        guard ftruncate(fd, off_t(length)) == 0, fdatasync(fd) == 0 else {
            throw StoreError.io(file: path, doing: "cannot truncate the torn last record", errno: errno)
        }
        appends.withLock { $0.bytes = length }
        synced.withLock { $0 = length }
        syncedHint.store(length, ordering: .releasing)
    }

    /// Makes a newly created file's directory entry durable, so the file survives a crash of the machine too.
    func syncDirectory() {
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = Glibc.open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        _ = fsync(dfd)
        Glibc.close(dfd)
    }

    /// Writes one whole line; a failure is kept and reported by the next `commit`.
    func append(_ line: [UInt8]) {
        appends.withLock { state in
            guard state.failure == nil, !state.closed else { return }
            var offset = 0
            while offset < line.count {
                let written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, line.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    state.failure = "write failed: \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
            state.bytes += UInt64(line.count)
        }
    }

    /// Makes every line appended so far durable; false when the store has failed (or was closed).
    func commit() -> Bool {
        let (target, healthy) = appends.withLock { ($0.bytes, $0.failure == nil && !$0.closed) }
        guard healthy else { return false }
        if syncedHint.load(ordering: .acquiring) >= target { return true }
        return synced.withLock { synced in
            if synced >= target { return true }
            let covering = appends.withLock { $0.bytes }
            guard fdatasync(fd) == 0 else {
                let reason = String(cString: strerror(errno))
                appends.withLock { $0.failure = "fdatasync failed: \(reason)" }
                return false
            }
            synced = covering
            syncedHint.store(covering, ordering: .releasing)
            return true
        }
    }

    /// Bytes in the file: whole lines only.
    var length: UInt64 { appends.withLock { $0.bytes } }

    /// Why the store stopped accepting writes (a failed write or sync), or nil while it works.
    var failure: String? { appends.withLock { $0.failure } }

    /// Stops appending and closes the file (and so releases its lock); idempotent.
    func close() {
        appends.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            Glibc.close(fd)
        }
    }
}
