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
}
