#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Harness

/// The target's processes under control: real children (`sleep`, and Python's http.server where readiness
/// matters) in their own process groups. Serialized, with the suites nested in it (`ChildProcessesTests`):
/// `stopAll` stops every registered child, and the children of a test running beside it would be among them.
@Suite(.serialized) struct TargetProcessTests {
    @Test func startWaitsUntilTheServerAnswers() throws {
        let port = ProcessFixture.freePort()
        let target = try ProcessFixture.server(port, log: ProcessFixture.log("ready"))
        defer { target.stop() }
        try target.start()
        let pid = try #require(target.pid)
        #expect(target.isRunning)
        #expect(target.starts == 1)
        #expect(try ProcessFixture.answers(port))
        #expect(getpgid(pid) == pid, "the child leads its own process group")
        target.stop()
        #expect(ProcessFixture.groupGone(pid))
        #expect(target.pid == nil)
    }

    @Test func aChildThatExitsBeforeReadyFailsWithItsLogTail() throws {
        let log = ProcessFixture.log("exits")
        try "an earlier start's line\n".write(toFile: log, atomically: false, encoding: .utf8)
        let target = try TargetProcess(command: "echo starting; echo 'cannot bind: address in use' >&2; exit 3",
                                       readyURL: "http://127.0.0.1:\(ProcessFixture.freePort())/health", readyTimeoutNanoseconds: 10_000_000_000, logPath: log)
        defer { target.stop() }
        let error = #expect(throws: TargetProcessError.self) { try target.start() }
        let text = error?.description ?? ""
        #expect(text.contains("exited with status 3"), "\(text)")
        #expect(text.contains("starting") && text.contains("cannot bind: address in use"), "\(text)")
        #expect(!text.contains("an earlier start's line"), "only this start's output: \(text)")
        #expect(!target.isRunning)
    }

    @Test func notReadyInTimeKillsTheGroup() throws {
        let log = ProcessFixture.log("timeout")
        let pidFile = log + ".pid"
        let target = try TargetProcess(command: "echo $$ > \(pidFile); echo waiting; exec sleep 30",
                                       readyURL: "http://localhost:\(ProcessFixture.freePort())/", readyTimeoutNanoseconds: 300_000_000, logPath: log)
        defer { target.stop() }
        let started = Date()
        let error = #expect(throws: TargetProcessError.self) { try target.start() }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error?.description.contains("not ready") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("waiting") == true)
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(ProcessFixture.groupGone(pid))
        #expect(target.pid == nil)
    }

    @Test func pauseStopsTheGroupAndResumeLetsItRun() throws {
        let target = try ProcessFixture.sleeper(ProcessFixture.log("pause"))
        defer { target.stop() }
        try target.start()
        let pid = try #require(target.pid)
        target.pause()
        #expect(ProcessFixture.waitState(pid, "T"))
        #expect(target.isRunning, "a paused target still runs")
        target.resume()
        #expect(ProcessFixture.waitState(pid, "S"))
    }

    @Test func killThenRestartServesAgainUnderANewPid() throws {
        let port = ProcessFixture.freePort()
        let target = try ProcessFixture.server(port, log: ProcessFixture.log("restart"))
        defer { target.stop() }
        try target.start()
        let first = try #require(target.pid)
        target.kill()
        #expect(target.pid == nil)
        #expect(ProcessFixture.groupGone(first))
        #expect(!(try ProcessFixture.answers(port)))
        try target.restart()
        let second = try #require(target.pid)
        #expect(second != first)
        #expect(target.starts == 2)
        #expect(try ProcessFixture.answers(port))
        // Restarting a running target is refused: there would be two.
        #expect(throws: TargetProcessError.self) { try target.restart() }
    }

    @Test func restartAfterTheChildDiedOnItsOwn() throws {
        let target = try ProcessFixture.sleeper(ProcessFixture.log("died"), command: "sleep 0.05; exit 7")
        defer { target.stop() }
        try target.start()
        for _ in 0..<300 where target.isRunning { usleep(10_000) }
        #expect(!target.isRunning)
        try target.restart()
        #expect(target.starts == 2)
    }

    @Test func terminateEndsAPausedTargetAtOnce() throws {
        let target = try ProcessFixture.sleeper(ProcessFixture.log("term"))
        defer { target.stop() }
        try target.start()
        let pid = try #require(target.pid)
        target.pause()
        #expect(ProcessFixture.waitState(pid, "T"))
        let started = Date()
        target.terminate(graceNanoseconds: 5_000_000_000)
        #expect(Date().timeIntervalSince(started) < 2, "SIGCONT lets it take the SIGTERM")
        #expect(ProcessFixture.groupGone(pid))
    }

    @Test func terminateKillsAfterTheGraceWhenSIGTERMIsIgnored() throws {
        // An ignored signal stays ignored across exec: this sleep cannot be terminated, only killed.
        let target = try ProcessFixture.sleeper(ProcessFixture.log("grace"), command: "trap '' TERM; exec sleep 30")
        defer { target.stop() }
        try target.start()
        let pid = try #require(target.pid)
        // The trap is set once the shell has become the sleep.
        for _ in 0..<200 where ProcessFixture.command(pid) != "sleep" { usleep(10_000) }
        let started = Date()
        target.terminate(graceNanoseconds: 300_000_000)
        let took = Date().timeIntervalSince(started)
        #expect(took >= 0.29 && took < 3, "\(took) s")
        #expect(ProcessFixture.groupGone(pid))
        #expect(!target.isRunning)
    }

    @Test func stopLeavesNoProcessInTheGroupAndIsFinal() throws {
        let target = try ProcessFixture.sleeper(ProcessFixture.log("stop"))
        try target.start()
        let pid = try #require(target.pid)
        target.stop()
        #expect(ProcessFixture.groupGone(pid))
        target.stop()  // idempotent
        #expect(throws: TargetProcessError.self) { try target.start() }
    }

    @Test func stopKillsTheWholeGroupNotOnlyItsLeader() throws {
        let target = try ProcessFixture.sleeper(ProcessFixture.log("group"), command: "sleep 30 & sleep 30 & wait")
        try target.start()
        let pgid = try #require(target.pid)
        for _ in 0..<200 where ProcessFixture.members(pgid).count < 3 { usleep(10_000) }
        #expect(ProcessFixture.members(pgid).count == 3)
        target.stop()
        // The grandchildren are gone too, by the time stop returns (zombies left to init do not count).
        #expect(ProcessFixture.members(pgid).isEmpty)
    }

    @Test(arguments: [
        "http://10.0.0.1:8080/health",  // another machine
        "http://example.com/",  // a name that is not loopback
        "https://127.0.0.1:8443/",  // not plain http
        "127.0.0.1:8080",  // no scheme
        "http://user@127.0.0.1:8080/",  // user info
        "http://127.0.0.1:0/",  // port 0
        "http://[::1]:8080/",  // IPv6 literal
    ])
    func aReadyURLThatIsNotLoopbackHTTPIsRefused(url: String) {
        #expect(throws: TargetProcessError.self) {
            try TargetProcess(command: "exec sleep 30", readyURL: url, readyTimeoutNanoseconds: 1_000_000_000, logPath: ProcessFixture.log("url"))
        }
    }
}
