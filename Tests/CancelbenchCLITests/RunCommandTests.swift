import Foundation
import Harness
import HTTPServer
import Testing
@testable import CancelbenchCLI

/// A fresh results folder under the temporary directory.
func scratchDirectory(_ name: String) -> String {
    NSTemporaryDirectory() + "cancelbench-tests/\(name)-\(UUID().uuidString)"
}

func readLines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// End-to-end runs against the embedded reference target, as a user runs them (small, seeded).
@Suite(.serialized) struct RunCommandTests {
    @Test(arguments: ["pika", "beatra", "praison"])
    func cleanRunPassesForEveryProfile(profile: String) throws {
        let out = scratchDirectory("run-\(profile)")
        let code = CancelbenchCLI.main(["run", "--profile", profile, "--jobs", "300", "--concurrency", "32",
                                        "--seed", "5", "--out", out, "--quiet"])
        #expect(code == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect(summary["jobs"] as? Int == 300)
        #expect(summary["violations"] as? Int == 0)
        #expect((summary["cancelled_jobs"] as? Int ?? 0) > 75, "at least a quarter of the jobs get a cancel")
        let jobs = try readLines(out + "/jobs.csv")
        #expect(jobs.count == 301)
        #expect(jobs[0].hasPrefix("run_id,job,job_id,cancel_point"))
        let requests = try readLines(out + "/requests.csv")
        #expect(requests.count == (summary["exchanges"] as? Int ?? -1) + 1)
        #expect(try String(contentsOfFile: out + "/violations.jsonl", encoding: .utf8).isEmpty)
        // Every job reached a terminal state, and each final state is canonical.
        let finals = Set(jobs.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[7] })
        #expect(finals.isSubset(of: ["succeeded", "failed", "cancelled"]))
    }

    @Test func openModelRunsOnSchedule() throws {
        let out = scratchDirectory("open")
        let code = CancelbenchCLI.main(["run", "--profile", "praison", "--rate", "400", "--arrival", "poisson", "--jobs", "200",
                                        "--seed", "2", "--out", out, "--quiet"])
        #expect(code == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect(summary["model"] as? String == "open")
        #expect(summary["jobs"] as? Int == 200)
        #expect(summary["late_starts"] is Int)
        #expect((summary["start_lateness"] as? [String: Any])?["count"] as? Int == 200)
        #expect(((summary["cancel_to_terminal"] as? [String: Any])?["count"] as? Int ?? 0) > 0)
        #expect(((summary["cancel_latency_by_point"] as? [String: Any])?.count ?? 0) > 3)
    }

    @Test func sameSeedPlansTheSameCancelPoints() throws {
        func points(_ out: String) throws -> [String] {
            try readLines(out + "/jobs.csv").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .sorted { Int($0[1])! < Int($1[1])! }.map { String($0[3]) }
        }
        let a = scratchDirectory("seed-a"), b = scratchDirectory("seed-b")
        #expect(CancelbenchCLI.main(["run", "--jobs", "100", "--seed", "99", "--out", a, "--quiet"]) == 0)
        #expect(CancelbenchCLI.main(["run", "--jobs", "100", "--seed", "99", "--out", b, "--quiet"]) == 0)
        #expect(try points(a) == points(b))
    }

    @Test func tokenNeverReachesAnyOutput() throws {
        let secret = "s3cret-token-\(UUID().uuidString)"
        let server = HTTPServer(handler: { _ in .respond(.json(401, "{\"error\":\"Unauthorized\",\"code\":401}")) })
        let port = try server.start()
        defer { server.stop() }
        let out = scratchDirectory("token")
        let code = CancelbenchCLI.main(["run", "--target", "http://127.0.0.1:\(port)", "--token", secret, "--jobs", "30",
                                        "--out", out, "--quiet"])
        #expect(code == 3, "every submit refused: the run cannot be carried out")
        for file in try FileManager.default.contentsOfDirectory(atPath: out) {
            #expect(!(try String(contentsOfFile: "\(out)/\(file)", encoding: .utf8)).contains(secret), "\(file)")
        }
    }

    @Test func refusedConnectionsEndTheRunWithExit3() {
        // Port 9 (discard) is not listening on loopback in the test environment.
        let started = Date()
        let code = CancelbenchCLI.main(["run", "--target", "http://127.0.0.1:9", "--jobs", "1000", "--out", scratchDirectory("refused"), "--quiet"])
        #expect(code == 3)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test(arguments: [
        // Unknown flag.
        ["run", "--jobz", "5"],
        // Bad number.
        ["run", "--jobs", "many"],
        // Both load models.
        ["run", "--rate", "10", "--concurrency", "4"],
        // Unknown cancel point.
        ["run", "--cancel-mix", "sometimes=1"],
        // Unknown profile name.
        ["run", "--profile", "nope"],
        // Not a URL.
        ["run", "--target", "localhost"],
        // Unknown command.
        ["launch"],
        // Bad distribution.
        ["run", "--run-time", "fast"],
    ])
    func usageErrorsExit64(arguments: [String]) {
        #expect(CancelbenchCLI.main(arguments + ["--quiet"]) == 64)
    }

    @Test func badProfileExits65() throws {
        let path = NSTemporaryDirectory() + "cb-bad-\(UUID().uuidString).json"
        try Data("{\"name\":\"x\",\"submit\":{\"method\":\"POST\"}}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(CancelbenchCLI.main(["run", "--profile", path, "--target", "http://127.0.0.1:9", "--quiet"]) == 65)
    }

    @Test func helpAnswersEveryCommand() {
        #expect(CancelbenchCLI.main(["--help"]) == 0)
        #expect(RunCommand.helpText.contains("--cancel-mix"))
        #expect(ServeCommand.helpText.contains("--port"))
    }
}

/// `--metrics-listen` is loopback only: metrics name the target and the seed, over plain HTTP.
@Suite struct MetricsListenTests {
    @Test(arguments: [
        "0.0.0.0:9100",      // every interface
        "192.168.1.10:9100", // a LAN address
        "[::1]:9100",        // IPv6 loopback: the server binds 127.0.0.1 only
        ":9100",             // no host: would mean every interface elsewhere
        "127.0.0.1",         // no port
        "127.0.0.1:70000",   // port out of range
    ])
    func aNonLoopbackOrMalformedAddressIsAUsageError(listen: String) {
        let out = scratchDirectory("metrics-refused")
        #expect(CancelbenchCLI.main(["run", "--jobs", "5", "--metrics-listen", listen, "--out", out, "--quiet"]) == 64)
        #expect(!FileManager.default.fileExists(atPath: out), "refused before anything ran")
    }

    @Test func lingerNeedsListenAndWorkersAreRefused() {
        let out = scratchDirectory("metrics-refused")
        #expect(CancelbenchCLI.main(["run", "--jobs", "5", "--metrics-linger", "1s", "--out", out, "--quiet"]) == 64)
        #expect(CancelbenchCLI.main(["run", "--jobs", "5", "--workers", "2", "--metrics-listen", "127.0.0.1:0", "--out", out, "--quiet"]) == 64)
    }

    @Test func aPortInUseCannotRunAndWritesNothing() throws {
        let holder = try MetricsEndpoint(port: 0)
        defer { holder.stop() }
        let out = scratchDirectory("metrics-busy")
        #expect(CancelbenchCLI.main(["run", "--jobs", "5", "--metrics-listen", "127.0.0.1:\(holder.port)", "--out", out, "--quiet"]) == 3)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aLoopbackAddressRuns() throws {
        let out = scratchDirectory("metrics-run")
        #expect(CancelbenchCLI.main(["run", "--jobs", "20", "--concurrency", "8", "--seed", "3", "--metrics-listen", "localhost:0", "--out", out, "--quiet"]) == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/summary.json"))
    }
}
