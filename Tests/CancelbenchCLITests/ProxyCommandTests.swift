import FaultProxy
import Foundation
import Harness
import LoadModel
import ReferenceTarget
import Testing
@testable import CancelbenchCLI

/// `proxy`'s flags, its loopback-only rule, and a whole `run` through it in front of the reference target.
struct ProxyCommandTests {
    private func proxy(_ arguments: [String]) throws -> ProxyCommand {
        try ProxyCommand(ParsedArguments(arguments, specs: ProxyCommand.options, command: "proxy"))
    }

    private static let base = ["--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:8080"]

    @Test func flagsSetTheFaults() throws {
        let command = try proxy(Self.base + ["--latency", "50ms", "--reset", "5%", "--seed", "42", "--max-connections", "16"])
        #expect(command.listenPort == 0)
        #expect(command.upstreamPort == 8080)
        #expect(command.faults == FaultSettings(latencyNanoseconds: 50_000_000, resetProbability: 0.05, seed: 42, maxConnections: 16))
        #expect(try proxy(["--listen", "localhost:9001", "--upstream", "http://localhost:9000/", "--refuse"]).faults.partition == .refuse)
        #expect(try proxy(Self.base + ["--blackhole"]).faults.partition == .blackhole)
        #expect(try proxy(["--listen", "127.0.0.1:1", "--upstream", "http://127.0.0.1"]).upstreamPort == 80)
    }

    @Test(arguments: [
        ["--listen", "0.0.0.0:8081", "--upstream", "http://127.0.0.1:8080"],  // every interface
        ["--listen", "10.1.2.3:8081", "--upstream", "http://127.0.0.1:8080"],  // another host
        ["--listen", "[::]:8081", "--upstream", "http://127.0.0.1:8080"],
        ["--listen", "127.0.0.1:8081", "--upstream", "http://example.com:8080"],  // a remote upstream
        ["--listen", "127.0.0.1:8081", "--upstream", "http://10.0.0.2:8080"],
        ["--listen", "127.0.0.1:8081", "--upstream", "http://127.0.0.1:8080/api"],  // a path it cannot add
        ["--listen", "127.0.0.1:70000", "--upstream", "http://127.0.0.1:8080"],
        ["--upstream", "http://127.0.0.1:8080"],  // no --listen
        ["--listen", "127.0.0.1:8081"],  // no --upstream
        ["--listen", "127.0.0.1:8081", "--upstream", "http://127.0.0.1:8080", "--blackhole", "--refuse"],
        ["--listen", "127.0.0.1:8081", "--upstream", "http://127.0.0.1:8080", "--reset", "2"],
        ["--listen", "127.0.0.1:8081", "--upstream", "http://127.0.0.1:8080", "--latency", "soon"],
        ["--listen", "127.0.0.1:8081", "--upstream", "http://127.0.0.1:8080", "--seed", "-1"],
    ])
    func refusedWithExit64NamingTheFlag(arguments: [String]) {
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(["proxy"] + arguments, capture: capture) == 64)
        #expect(capture.err.contains("Error: --") || capture.err.contains("Error: option"), "\(capture.err)")
        #expect(capture.err.contains("See 'cancelbench proxy --help'"))
    }

    @Test func aRunThroughTheProxyPasses() throws {
        let target = try EmbeddedTarget(config: TargetConfig(dialect: .pika))
        defer { target.stop() }
        let command = try proxy(["--listen", "127.0.0.1:0", "--upstream", target.url, "--seed", "3"])
        let proxy = try FaultProxy(listenPort: command.listenPort, upstreamPort: command.upstreamPort, faults: command.faults)
        proxy.start()
        defer { proxy.stop() }
        let code = CancelbenchCLI.main(["run", "--target", "http://127.0.0.1:\(proxy.port)", "--token", "cancelbench-local",
                                        "--jobs", "20", "--seed", "5", "--out", scratchDirectory("proxy-plain"), "--quiet"])
        #expect(code == 0)
        #expect(proxy.stats.bytesDown > 0)
        #expect(target.server.stats.requestsServed > 20)
    }

    @Test func lostAnswersAreInfoNeverAViolation() throws {
        let target = try EmbeddedTarget(config: TargetConfig(dialect: .pika))
        defer { target.stop() }
        let proxy = try FaultProxy(listenPort: 0, upstreamPort: target.port, faults: FaultSettings(resetProbability: 0.5, seed: 7))
        proxy.start()
        defer { proxy.stop() }
        let out = scratchDirectory("proxy-reset")
        let code = CancelbenchCLI.main(["run", "--target", "http://127.0.0.1:\(proxy.port)", "--token", "cancelbench-local",
                                        "--jobs", "100", "--seed", "5", "--connections", "8", "--out", out, "--quiet"])
        #expect(code == 0, "a correct target behind lost answers is no violation")
        #expect(proxy.stats.resets > 0)
        let history = try String(contentsOfFile: out + "/history.jsonl", encoding: .utf8)
        #expect(history.contains(#""type":"info""#) && history.contains(#""error":"reset""#))
    }

    @Test func stopLineNamesTheCountersAndFaults() {
        var stats = FaultProxyStats()
        stats.connections = 74
        stats.bytesUp = 10
        stats.bytesDown = 20
        stats.resets = 42
        stats.delayedChunks = 3
        #expect(ProxyCommand.stopLine(stats, cap: 4096) == "cancelbench proxy: stopped; 74 connections (0 over the cap 4096), "
                + "10 bytes up, 20 bytes down; faults: 42 reset, 0 refused, 0 blackholed, 3 chunks delayed; 0 upstream unreachable")
        #expect(ProxyCommand.faultText(FaultSettings(latencyNanoseconds: 50_000_000, resetProbability: 0.05, seed: 9))
                == "faults: latency 50ms, reset 5%; seed 9")
        #expect(ProxyCommand.faultText(FaultSettings(partition: .blackhole, seed: 1)) == "faults: blackhole; seed 1")
    }
}
