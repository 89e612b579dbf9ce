#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The rest of a group once its leader is reaped: processes the target forked, SIGKILLed with it, whose deaths
/// the kernel completes a moment later. A restart waits for them, or one may still hold the target's port.
extension TargetProcess {
    /// Waits (up to `nanoseconds`, polling every 5 ms) until no process of group `pgid` runs; zombies left to init
    /// do not count. Immediate for the usual target, whose group was its leader only.
    func waitGroupEmpty(_ pgid: Int32, nanoseconds: Int64 = 1_000_000_000) {
        let deadline = Self.now() + nanoseconds
        while Glibc.kill(-pgid, 0) == 0, Self.hasLiveMember(pgid), Self.now() < deadline {
            usleep(5_000)
        }
    }

    /// Whether /proc shows a process of group `pgid` that is not a zombie.
    static func hasLiveMember(_ pgid: Int32) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries {
            guard let pid = Int32(entry), getpgid(pid) == pgid,
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // `pid (comm) S ...`: the state follows the command's closing parenthesis.
            if stat[stat.index(close, offsetBy: 2)...].first != "Z" { return true }
        }
        return false
    }
}
