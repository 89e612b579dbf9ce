#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import Harness

/// Children for the process tests, and what /proc says about them.
enum ProcessFixture {
    /// A scratch log file.
    static func log(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "cancelbench-tests/proc-\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/target.log"
    }

    /// A loopback port nobody listens on now: bound to 0, read, closed.
    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in bind(fd, p, length) == 0 ? getsockname(fd, p, &length) : -1 }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    static let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"

    /// A child that serves HTTP on `port` once Python has started.
    static func server(_ port: UInt16, log: String) throws -> TargetProcess {
        try TargetProcess(command: "exec \(python) -m http.server --bind 127.0.0.1 \(port)", readyURL: "http://127.0.0.1:\(port)/",
                          readyTimeoutNanoseconds: 15_000_000_000, logPath: log)
    }

    static func sleeper(_ log: String, command: String = "exec sleep 30") throws -> TargetProcess {
        try TargetProcess(command: command, readyURL: nil, readyTimeoutNanoseconds: 0, logPath: log)
    }

    /// No process left in group `pgid`: kill(-pgid, 0) fails with ESRCH.
    static func groupGone(_ pgid: Int32) -> Bool { kill(-pgid, 0) == -1 && errno == ESRCH }

    /// The state letter in /proc/PID/stat (R, S, T, Z…), nil when there is no such process.
    static func procState(_ pid: Int32) -> Character? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(close, offsetBy: 2)...].first
    }

    /// /proc/PID/comm: the program it runs now.
    static func command(_ pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (up to 2 s) for `pid` to be in `state`.
    static func waitState(_ pid: Int32, _ state: Character) -> Bool {
        for _ in 0..<200 {
            if procState(pid) == state { return true }
            usleep(10_000)
        }
        return false
    }

    static func answers(_ port: UInt16) throws -> Bool {
        try ReadyEndpoint("http://127.0.0.1:\(port)/").answers(timeoutNanoseconds: 1_000_000_000)
    }

    /// Live (not zombie) processes in group `pgid`, from /proc.
    static func members(_ pgid: Int32) -> [Int32] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return pids.filter { getpgid($0) == pgid && procState($0) != "Z" && procState($0) != nil }
    }
}
