import Foundation
import HTTPServer
import LoadModel
import ReferenceTarget
import Testing
@testable import CancelbenchCLI
import Harness

/// `serve`'s defence flags and the line it prints on stop.
struct ServeCommandTests {
    private func serve(_ arguments: [String]) throws -> ServeCommand {
        try ServeCommand(ParsedArguments(arguments, specs: ServeCommand.options, command: "serve"))
    }

    @Test func defaultsAreTenSecondsSixtySecondsAndTheDefaultCap() throws {
        let command = try serve([])
        #expect(command.limits.headerTimeout == .seconds(10))
        #expect(command.limits.idleTimeout == .seconds(60))
        #expect(command.limits.maxConnections == min(4096, ConnectionLimits.descriptorBudget()))
    }

    @Test func flagsSetTheLimits() throws {
        let command = try serve(["--header-timeout", "300ms", "--idle-timeout", "2m", "--max-connections", "8"])
        #expect(command.limits.headerTimeout == .milliseconds(300))
        #expect(command.limits.idleTimeout == .seconds(120))
        #expect(command.limits.maxConnections == 8)
    }

    @Test(arguments: [
        ["--header-timeout", "0s"],  // a zero timeout would close every connection at once
        ["--idle-timeout", "soon"],  // not a duration
        ["--max-connections", "0"],  // no room for anyone
        ["--header-timeout", "1e12h"],  // beyond 64-bit nanoseconds: refused, never a crash
        ["--idle-timeout", "500us"],  // under the server's millisecond timers
    ])
    func badValuesAreUsageErrors(arguments: [String]) {
        #expect(throws: UsageError.self) { try serve(arguments) }
    }

    @Test func embeddedRunTargetKeepsIdleConnectionsAndCapsOnlyAtTheDescriptorLimit() {
        #expect(EmbeddedTarget.runLimits.idleTimeout == .seconds(600))
        #expect(EmbeddedTarget.runLimits.headerTimeout == .seconds(10))
        #expect(EmbeddedTarget.runLimits.maxConnections == ConnectionLimits.descriptorBudget())
    }

    @Test func stopLineNamesWhatWasShedTimedOutAndDropped() {
        let server = HTTPServerStats(connectionsAccepted: 2010, requestsServed: 12, connectionsShed: 5,
                                     headerTimeouts: 2000, idleTimeouts: 3)
        var callbacks = CallbackStats()
        callbacks.delivered = 40
        callbacks.failed = 7
        callbacks.skipped = 4
        callbacks.dropped = 2
        #expect(ServeCommand.stopLine(server, cap: 4096, callbacks: nil)
                == "cancelbench serve: stopped; 12 requests on 2010 connections; 5 connections shed (cap 4096), "
                + "2000 header timeouts, 3 idle timeouts")
        #expect(ServeCommand.stopLine(server, cap: 4096, callbacks: callbacks).hasSuffix(
            "; callbacks: 40 delivered, 7 failed (4 cut short: receiver not answering), 2 dropped (queue full)"))
    }

    /// Each start draws a new id key, so a restarted in-memory serve never issues its previous life's ids;
    /// `--id-seed` pins it (reproducible ids), and the embedded target of `run` keeps none (ids from its seed).
    @Test func eachStartDrawsANewIdKeyUnlessPinned() throws {
        let keys = try (0..<4).map { _ in try serve([]).config.idSeed }
        #expect(Set(keys).count == 4)
        #expect(keys.allSatisfy { $0 != nil })
        #expect(try serve(["--id-seed", "42"]).config.idSeed == 42)
        #expect(try serve(["--id-seed", "42"]).config.idSeed == 42)
        #expect(TargetConfig(dialect: .pika).idSeed == nil)
        #expect(throws: UsageError.self) { try serve(["--id-seed", "-1"]) }
        #expect(throws: UsageError.self) { try serve(["--store", ""]) }
        #expect(try serve(["--store", "/tmp/x.log"]).storeFile == "/tmp/x.log")
        #expect(try serve([]).storeFile == nil)
    }

    /// A store that cannot be created stops serve before it listens: exit 3, and the message names the flag, the
    /// file and the system's reason.
    @Test(arguments: [
        ("/dev/null/store.log", "Not a directory"),  // the "directory" is a file (refused even for root)
        ("/nonexistent-cancelbench-dir/store.log", "No such file or directory"),  // the directory is missing
    ])
    func unwritableStorePathExits3WithTheReason(path: String, reason: String) {
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(["serve", "--store", path, "--port", "0"], capture: capture)
        #expect(code == ExitCode.couldNotRun.rawValue)
        #expect(capture.err == "Error: --store \(path): cannot open or create the store file: \(reason)\n")
        #expect(capture.out.isEmpty)
    }

    /// A store that is not one (or is corrupt before its last line, or of another profile) is a data error: 65,
    /// naming the file and the line.
    @Test func corruptStoreExits65NamingTheLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cancelbench-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "hello\n".write(toFile: path, atomically: false, encoding: .utf8)
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(["serve", "--store", path, "--port", "0"], capture: capture)
        #expect(code == ExitCode.badData.rawValue)
        #expect(capture.err.hasPrefix("Error: \(path): line 1: expected the store header"))
    }

    /// What serve prints after a replay: the torn record dropped (always, even with --quiet), then a summary.
    @Test func replayLinesSayWhatWasDroppedAndFound() {
        var replay = StoreReplaySummary(file: "/s.log", created: false, lines: 7, jobs: 4, jobsKept: 3, cancels: 1,
                                        keys: 2, tornBytes: 37, tornLine: 8, length: 1200)
        let (torn, summary) = ServeCommand.replayLines(replay)
        #expect(torn == "cancelbench serve: /s.log: dropped a torn last record (line 8, 37 bytes without a newline: "
                + "the server stopped mid-write); file cut to 1200 bytes")
        #expect(summary == "cancelbench serve: /s.log: replayed 7 lines: 4 jobs (1 with an accepted cancel, 1 past "
                + "retention and forgotten), 2 Idempotency-Key answers")
        replay = StoreReplaySummary(file: "/s.log", created: true, lines: 0, jobs: 0, jobsKept: 0, cancels: 0, keys: 0,
                                    tornBytes: 0, tornLine: 1, length: 70)
        #expect(ServeCommand.replayLines(replay).torn == nil)
        #expect(ServeCommand.replayLines(replay).summary.hasSuffix("new store; every change is synced before it is answered"))
    }

    /// A whole run over loopback against a target with a store passes the checker, and a second life of the target
    /// over the same file holds every job the run submitted, cancels included.
    @Test func aRunAgainstADurableTargetPassesAndItsJobsSurvive() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cancelbench-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try EmbeddedTarget(config: TargetConfig(dialect: .beatra), storeFile: path)
        let code = CancelbenchCLI.main(["run", "--target", first.url, "--profile", "beatra", "--token", "cancelbench-local",
                                        "--jobs", "30", "--seed", "5", "--out", scratchDirectory("serve-store"), "--quiet"])
        first.stop()
        #expect(code == 0)
        let second = try EmbeddedTarget(config: TargetConfig(dialect: .beatra), storeFile: path)
        defer { second.stop() }
        let replay = try #require(second.target.storeReplay)
        #expect(replay.jobs == 30)
        #expect(replay.cancels > 0)
        #expect(replay.tornBytes == 0)
    }
}
