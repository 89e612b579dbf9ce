import Foundation
import HTTPServer
import ReferenceTarget
import Testing
@testable import CancelbenchCLI

/// Against a --target, the unpaid probe needs an unpaid account's token; without one it is left out rather
/// than sent token-less and judged (found by the benchmark scripts: a correct target failed with exit 1).
@Suite(.serialized) struct TargetProbeTests {
    @Test func unpaidProbeIsLeftOutWithoutItsTokenAndCheckStillReadsTheRun() throws {
        let target = ReferenceTarget(config: TargetConfig(dialect: .pika, queueDelay: .uniform(min: 20_000_000, max: 60_000_000),
                                                          runTime: .uniform(min: 40_000_000, max: 120_000_000)))
        let server = HTTPServer(handler: { target.handle($0) })
        let port = try server.start()
        defer { server.stop(); target.shutdown() }
        let url = "http://127.0.0.1:\(port)"
        let out = scratchDirectory("probe")
        #expect(CancelbenchCLI.main(["run", "--target", url, "--token", TargetConfig.defaultToken, "--jobs", "300", "--out", out, "--quiet"]) == 0)
        #expect(!(try readLines(out + "/jobs.csv")).contains { $0.contains(",unpaid,") })
        // Named explicitly without a token: a usage error that says what to give.
        #expect(CancelbenchCLI.main(["run", "--target", url, "--token", TargetConfig.defaultToken, "--cancel-mix", "unpaid=1",
                                     "--out", scratchDirectory("probe2"), "--quiet"]) == 64)
        // With the token, the probe runs, and check re-reads a run whose mix has it.
        let withUnpaid = scratchDirectory("probe3")
        #expect(CancelbenchCLI.main(["run", "--target", url, "--token", TargetConfig.defaultToken, "--unpaid-token", TargetConfig.defaultUnpaidToken,
                                     "--cancel-mix", "unpaid=1,none=1", "--jobs", "100", "--out", withUnpaid, "--quiet"]) == 0)
        #expect(CancelbenchCLI.main(["check", withUnpaid, "--quiet"]) == 0)
    }
}
