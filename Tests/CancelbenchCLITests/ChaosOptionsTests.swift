import Foundation
import Harness
import LoadModel
import Testing
@testable import CancelbenchCLI

/// `run --nemesis …`: what each combination plans, and every conflict refused (exit 64) with the flags named.
@Suite struct ChaosOptionsTests {
    func plan(_ args: [String]) throws -> RunPlan {
        try RunCommand(ParsedArguments(["--jobs", "10"] + args, specs: RunCommand.options, command: "run")).plan
    }

    @Test func aRunWithoutChaosFlagsHasNoChaosPlan() throws {
        #expect(try plan([]).chaos == nil)
    }

    @Test func theNemesisIsRecordedInThePlanAndReadBack() throws {
        let p = try plan(["--target", "http://127.0.0.1:9", "--target-cmd", "exec my-server --port 9", "--nemesis", "kill",
                          "--nemesis", "partition:refuse", "--nemesis-interval", "2s", "--nemesis-duration", "300ms",
                          "--recovery-timeout", "4s", "--target-ready", "http://127.0.0.1:9/health"])
        let chaos = try #require(p.chaos)
        #expect(chaos.faults.map(\.description) == ["kill", "partition:refuse"])
        #expect(chaos.interval == .seconds(2) && chaos.duration == .milliseconds(300) && chaos.recoveryTimeout == .seconds(4))
        #expect(chaos.targetCommand == "exec my-server --port 9" && chaos.targetReady == "http://127.0.0.1:9/health")
        #expect(chaos.needsProxy && chaos.restartsTarget)
        let back = try JSONDecoder().decode(ChaosPlan.self, from: JSONEncoder().encode(chaos))
        #expect(back == chaos)
    }

    @Test func theEmbeddedTargetTakesTheNetworkFaults() throws {
        let chaos = try #require(try plan(["--nemesis", "reset:0.3", "--nemesis", "latency:50ms"]).chaos)
        #expect(chaos.needsProxy && !chaos.restartsTarget && chaos.targetCommand == nil)
    }

    @Test(arguments: [
        (["--nemesis", "kill"], "--target-cmd"),                                        // nothing to restart
        (["--nemesis", "restart"], "--target-cmd"),
        (["--nemesis", "pause"], "--target-pid"),                                      // nothing to pause
        (["--target-cmd", "x"], "give --target URL"),                                  // where would it listen?
        (["--nemesis-interval", "2s"], "give --nemesis"),
        (["--recovery-timeout", "2s"], "give --nemesis"),
        (["--target-ready", "http://127.0.0.1:1"], "give --target-cmd"),
        (["--target-pid", "123"], "give --nemesis pause"),
        (["--target", "http://jobs.example.com", "--nemesis", "partition"], "not a loopback address"),
        (["--target", "https://127.0.0.1:8443", "--nemesis", "reset"], "needs an http:// target"),
        (["--target", "http://127.0.0.1:1", "--target-cmd", "x", "--nemesis", "pause", "--target-pid", "99"], "give one"),
        (["--nemesis", "partition", "--shard", "1/2"], "--shard"),
        (["--nemesis", "partition", "--workers", "2"], "--workers"),
        (["--nemesis", "pause", "--target-pid", "1"], "above 1"),
        (["--target", "http://127.0.0.1:1", "--target-cmd", "x", "--target-ready", "http://example.com/"], "127.0.0.1 or localhost"),
        (["--nemesis", "latency:11m"], "out of range"),
        (["--nemesis", "pause", "--target-pid", "4242"], "give --target URL"),                  // the embedded target is in-process
        (["--target", "http://127.0.0.1:1", "--target-cmd", "\n"], "expected a command"),
        (["--target", "http://127.0.0.1:1", "--target-cmd", "x", "--target-ready", "http://u:secretpw@127.0.0.1:1/"], "http://127.0.0.1:1/"),
    ] as [([String], String)])
    func conflictsAreRefused(args: [String], reason: String) {
        #expect {
            _ = try plan(args)
        } throws: { error in
            (error as? UsageError)?.message.contains(reason) == true
        }
    }
}
