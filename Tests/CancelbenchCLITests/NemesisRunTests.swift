#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Harness
import LoadModel
import Reports
import Synchronization
import Testing
@testable import CancelbenchCLI

/// Whole runs with a nemesis, as a user types them: a killed in-memory target loses jobs and a durable one
/// does not; pause and partition pass on a correct target with the lost answers counted apart and recovery
/// measured; a target that never comes back is named with its window; a lost keyed submit is retried and a
/// replayed key that executes again is caught; no child outlives the run. The target is the built executable.
@Suite(.serialized) struct NemesisRunTests {
    static let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/cancelbench").path
    static let timing = ["--queue-delay", "10ms..30ms", "--run-time", "20ms..60ms"]
    static let windows = ["--nemesis-interval", "300ms", "--nemesis-duration", "200ms", "--poll-interval", "5ms", "--quiet"]

    func cli(_ args: [String]) -> (code: Int32, text: String) {
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(args, capture: capture)
        return (code, capture.out + capture.err)
    }

    /// A port nobody listens on now, below the ephemeral range (32768 and up on Linux): while a killed target is
    /// down, the client's own connections take ephemeral ports, and one of them could take the target's (and
    /// connect to itself), so the restart would find its port in use.
    static func freePort() -> UInt16 {
        for _ in 0..<1000 {
            let port = UInt16.random(in: 20_000..<32_000)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if bound { return port }
        }
        return 0
    }

    /// `run` against `cancelbench serve` started by `--target-cmd`, with `serveArgs` added to serve.
    func runAgainstServe(_ nemesis: [String], serveArgs: [String] = [], extra: [String] = [], jobs: Int = 400) -> (code: Int32, text: String, out: String) {
        let port = Self.freePort()
        let out = scratchDirectory("nemesis")
        let serve = ([Self.executable, "serve", "--profile", "pika", "--port", String(port), "--quiet"] + Self.timing + serveArgs)
            .map { "'\($0)'" }.joined(separator: " ")
        let r = cli(["run", "--target", "http://127.0.0.1:\(port)", "--token", "cancelbench-local", "--target-cmd", "exec " + serve,
                     "--jobs", String(jobs), "--seed", "5", "--out", out] + nemesis + Self.windows + extra)
        #expect(!Self.listening(port), "the target outlived the run")
        return (r.code, r.text, out)
    }

    /// Whether anything still accepts connections on the port.
    static func listening(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    func built() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            Issue.record("\(Self.executable) is missing: build it (swift build) before the tests")
            return false
        }
        return true
    }

    @Test func killLosesTheJobsOfAnInMemoryTargetAndNoneOfADurableOne() throws {
        guard built() else { return }
        let memory = runAgainstServe(["--nemesis", "kill"])
        #expect(memory.code == 1, "\(memory.text)")
        let lost = try Summary.read(resultsDirectory: memory.out)
        #expect(lost.invariants.first { $0.invariant == 12 }?.fail ?? 0 > 0)
        let windows = try #require(lost.nemesis?.windows)
        #expect(!windows.isEmpty && windows.allSatisfy { $0.fault == "kill" })
        #expect(windows.reduce(0) { $0 + $1.violations } > 0)  // the lost jobs fall in the windows that killed them

        let storeDir = scratchDirectory("nemesis-store")
        try FileManager.default.createDirectory(atPath: storeDir, withIntermediateDirectories: true)
        let store = storeDir + "/jobs.log"
        let durable = runAgainstServe(["--nemesis", "kill"], serveArgs: ["--store", store])
        let found = (try? String(contentsOfFile: durable.out + "/violations.jsonl", encoding: .utf8)) ?? ""
        #expect(durable.code == 0, "\(durable.text)\n\(found.prefix(3000))")
        let kept = try Summary.read(resultsDirectory: durable.out)
        #expect(kept.invariants.first { $0.invariant == 12 }?.verdict == "pass")
        #expect(kept.nemesis?.windows.contains { $0.recovery == "pass" } == true)
        let csv = try String(contentsOfFile: durable.out + "/nemesis.csv", encoding: .utf8)
        #expect(csv.hasPrefix("window,fault,start_ns,end_ns,healed_ns,"))
        #expect(csv.split(separator: "\n").count == (kept.nemesis?.windows.count ?? 0) + 1)
    }

    @Test func pauseOfACorrectTargetPassesWithRecoveryMeasured() throws {
        guard built() else { return }
        let r = runAgainstServe(["--nemesis", "pause"])
        let csv = (try? String(contentsOfFile: r.out + "/nemesis.csv", encoding: .utf8)) ?? "no nemesis.csv"
        #expect(r.code == 0, "\(r.text)\n\(csv)")
        let s = try Summary.read(resultsDirectory: r.out)
        let windows = try #require(s.nemesis?.windows)
        #expect(!windows.isEmpty)
        #expect(windows.allSatisfy { $0.recovery != "fail" })
        #expect(windows.contains { $0.recoveredNs != nil })
        #expect(s.invariants.first { $0.invariant == 13 }?.verdict == "pass")
        // Each window is a line of history.jsonl, and `check` still judges the history around them.
        let history = try String(contentsOfFile: r.out + "/history.jsonl", encoding: .utf8)
        #expect(history.components(separatedBy: "\"process\":\"nemesis\"").count - 1 == windows.count)
        #expect(cli(["check", r.out]).code == 0)
    }

    @Test func partitionOfTheEmbeddedTargetCountsLostAnswersApart() throws {
        let out = scratchDirectory("nemesis-partition")
        let r = cli(["run", "--jobs", "600", "--seed", "3", "--out", out, "--nemesis", "partition:refuse", "--nemesis", "reset:0.5",
                     "--request-timeout", "1s"] + Self.timing + Self.windows)
        #expect(r.code == 0, "\(r.text)")
        let s = try Summary.read(resultsDirectory: out)
        let n = try #require(s.nemesis)
        #expect(n.windows.count >= 1)
        #expect(n.infoDuring > 0)  // refused and reset answers: indeterminate, never fail
        #expect(s.violations == 0)
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("id=\"nemesis\""))
    }

    @Test func aTargetThatNeverComesBackIsNamedWithItsWindow() throws {
        guard built() else { return }
        // Starts once; every restart finds the flag file and exits.
        let flagDir = scratchDirectory("nemesis-once")
        try FileManager.default.createDirectory(atPath: flagDir, withIntermediateDirectories: true)
        let flag = flagDir + "/started"
        let port = Self.freePort()
        let out = scratchDirectory("nemesis-never")
        let serve = "[ -e '\(flag)' ] && exit 1; touch '\(flag)'; exec '\(Self.executable)' serve --profile pika --port \(port) --quiet"
        let r = cli(["run", "--target", "http://127.0.0.1:\(port)", "--token", "cancelbench-local", "--target-cmd", serve,
                     "--jobs", "120", "--seed", "5", "--out", out, "--nemesis", "kill", "--recovery-timeout", "500ms",
                     "--target-ready-timeout", "2s", "--job-timeout", "2s"] + Self.windows)
        #expect(r.code == 1, "\(r.text)")
        let s = try Summary.read(resultsDirectory: out)
        let w = try #require(s.nemesis?.windows.first)
        #expect(w.recovery == "fail" && w.note.contains("restart failed"))
        let violations = try String(contentsOfFile: out + "/violations.jsonl", encoding: .utf8)
        #expect(violations.contains("\"invariant\":13") && violations.contains("window 1 (kill)"))
        #expect(cli(["check", out]).code == 1)  // the recorded recovery verdict is carried over, never lost
    }

    @Test func aLostKeyedSubmitIsRetriedAndAReplayThatExecutesIsCaught() throws {
        let mix = ["--cancel-mix", "queued=1,running=1,after-terminal=1"]  // no replay-submit point: only retries replay keys
        // One 1 s window from 100 ms into a run of about 2 s: it must close while requests are still sent, or
        // recovery is never judged (exit 3); a 2 s window covered the whole run once the client got faster.
        let base = ["run", "--profile", "beatra", "--jobs", "500", "--seed", "2", "--nemesis", "reset:0.4",
                    "--nemesis-interval", "100ms", "--nemesis-duration", "1s", "--poll-interval", "5ms", "--quiet"] + Self.timing + mix
        let clean = scratchDirectory("nemesis-beatra")
        let ok = cli(base + ["--out", clean])
        #expect(ok.code == 0, "\(ok.text)")
        var submits: [String: Int] = [:]
        try CSVReader(path: clean + "/requests.csv").forEachRow(required: ["job", "op"]) { row in
            if row.string(row.index(of: "op")!) == "submit" { submits[row.string(row.index(of: "job")!), default: 0] += 1 }
        }
        #expect(submits.values.contains { $0 >= 3 })  // lost, retried, verified
        let planted = scratchDirectory("nemesis-beatra-bug")
        let bad = cli(base + ["--out", planted, "--fault", "idempotency-replay-executes=1"])
        #expect(bad.code == 1, "\(bad.text)")
        let v = try String(contentsOfFile: planted + "/violations.jsonl", encoding: .utf8)
        #expect(v.contains("\"invariant\":7") && v.contains("created two jobs"))
    }

    @Test func aTargetThatCannotStartEndsTheRunWithNoChildLeft() throws {
        let out = scratchDirectory("nemesis-nostart")
        let r = cli(["run", "--target", "http://127.0.0.1:\(Self.freePort())", "--target-cmd", "echo no such server >&2; exit 7",
                     "--jobs", "10", "--out", out, "--quiet"])
        #expect(r.code == 3, "\(r.text)")
        #expect(r.text.contains("--target-cmd") && r.text.contains("no such server"))
    }

    @Test func ctrlCStopsTheTargetItStarted() throws {
        guard built() else { return }
        let port = Self.freePort()
        let args = try ParsedArguments(["--target", "http://127.0.0.1:\(port)", "--token", "cancelbench-local",
                                        "--target-cmd", "exec '\(Self.executable)' serve --profile pika --port \(port) --quiet",
                                        "--jobs", "100000", "--nemesis", "pause", "--out", scratchDirectory("nemesis-int"), "--quiet"]
                                       , specs: RunCommand.options, command: "run")
        let command = try RunCommand(args)
        let signal = StopSignal()
        let engine = RunEngine(plan: command.plan, credentials: command.credentials, stopSignal: signal)
        let done = DispatchSemaphore(value: 0)
        let code = Mutex<ExitCode?>(nil)
        Thread.detachNewThread {
            let c = try? engine.run().code
            code.withLock { $0 = c }
            done.signal()
        }
        for _ in 0..<100 where !Self.listening(port) { usleep(20_000) }
        #expect(Self.listening(port))
        usleep(800_000)
        signal.raise()
        #expect(done.wait(timeout: .now() + 20) == .success)
        #expect(code.withLock { $0 } == .interrupted)
        #expect(!Self.listening(port))
    }
}

/// What the review found: no false PASS and no crash at the edges of the chaos flags.
extension NemesisRunTests {
    @Test func aNemesisThatJudgedNoWindowIsIndeterminate() throws {
        let out = scratchDirectory("nemesis-nowindow")
        let r = cli(["run", "--jobs", "100", "--seed", "1", "--out", out, "--nemesis", "partition", "--nemesis-interval", "1h", "--quiet"]
                    + Self.timing)
        #expect(r.code == 3, "\(r.text)")
        #expect(try Summary.read(resultsDirectory: out).verdictLine.contains("opened no fault window"))
    }

    @Test func theTargetCommandAloneStartsAndStopsTheTarget() throws {
        guard built() else { return }
        let port = Self.freePort()
        let out = scratchDirectory("nemesis-cmd-only")
        let r = cli(["run", "--target", "http://127.0.0.1:\(port)", "--token", "cancelbench-local",
                     "--target-cmd", "exec '\(Self.executable)' serve --profile pika --port \(port) --quiet",
                     "--jobs", "100", "--seed", "1", "--out", out, "--poll-interval", "5ms", "--quiet"])
        #expect(r.code == 0, "\(r.text)")
        #expect(!Self.listening(port))
        #expect(try Summary.read(resultsDirectory: out).nemesis == nil)
        #expect(cli(["check", out]).code == 0)  // plan.json reads back with no fault
    }

    @Test func aPortSomethingElseHoldsIsRefusedBeforeTheCommandRuns() throws {
        guard built() else { return }
        let port = Self.freePort()
        let other = Process()
        other.executableURL = URL(fileURLWithPath: Self.executable)
        other.arguments = ["serve", "--profile", "pika", "--port", String(port), "--quiet"]
        try other.run()
        // SIGKILL: Foundation spawns with this thread's signal mask, and a test's worker thread may block SIGTERM.
        defer { kill(other.processIdentifier, SIGKILL); other.waitUntilExit() }
        for _ in 0..<200 where !Self.listening(port) { usleep(10_000) }
        let r = cli(["run", "--target", "http://127.0.0.1:\(port)", "--token", "cancelbench-local",
                     "--target-cmd", "exec '\(Self.executable)' serve --profile pika --port \(port)", "--nemesis", "kill",
                     "--jobs", "50", "--out", scratchDirectory("nemesis-taken"), "--quiet"])
        #expect(r.code == 3, "\(r.text)")
        #expect(r.text.contains("already answers"))
    }
}
