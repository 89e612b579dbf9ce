#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Harness

extension TargetProcessTests {
    /// The registry that outlives every path out of cancelbench: `stopAll` (what `atexit` runs) and the signal
    /// handler's lock-free kill. Nested, so it runs serialized with the other process tests.
    @Suite struct ChildProcessesTests {
        @Test func stopAllStopsEveryTargetAndResumesPausedExternalProcesses() throws {
            let a = try ProcessFixture.sleeper(ProcessFixture.log("all-a"))
            let b = try ProcessFixture.sleeper(ProcessFixture.log("all-b"))
            defer { a.stop(); b.stop() }
            try a.start()
            try b.start()
            b.pause()
            let (pa, pb) = (try #require(a.pid), try #require(b.pid))
            let other = Process()
            other.executableURL = URL(fileURLWithPath: "/bin/sleep")
            other.arguments = ["30"]
            try other.run()
            // SIGKILL: Foundation spawns with this thread's signal mask, and a Dispatch worker blocks SIGTERM.
            defer { kill(other.processIdentifier, SIGKILL); other.waitUntilExit() }
            let external = try ExternalProcess(pid: other.processIdentifier)
            external.pause()
            #expect(ProcessFixture.waitState(other.processIdentifier, "T"))
            #expect(ChildProcesses.count >= 3)
            let mine: Set<ObjectIdentifier> = [ObjectIdentifier(a), ObjectIdentifier(b), ObjectIdentifier(external)]
            ChildProcesses.stopAll(where: mine.contains)
            #expect(ProcessFixture.groupGone(pa) && ProcessFixture.groupGone(pb))
            #expect(ProcessFixture.waitState(other.processIdentifier, "S"), "never left paused")
            #expect(!external.isPaused)
            #expect(throws: TargetProcessError.self) { try a.restart() }
        }

        @Test func theSignalPathKillsEveryGroupWithoutLocks() throws {
            let target = try ProcessFixture.sleeper(ProcessFixture.log("signal"))
            defer { target.stop() }
            try target.start()
            let pid = try #require(target.pid)
            target.pause()
            // What the handler does on a second Ctrl-C, called here directly (raising the signal would end the tests).
            SignalRoute.killChildrenFromHandler(only: pid)
            for _ in 0..<200 where target.isRunning { usleep(10_000) }
            #expect(!target.isRunning)
            #expect(ProcessFixture.groupGone(pid))
        }
    }
}
