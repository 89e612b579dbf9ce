#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Harness
import ReferenceTarget
import Testing
@testable import FaultProxy

/// Faults changed while the proxy runs (`set(_:)`), seen from raw clients whose connections stay open across
/// the change, in front of the reference target (which keeps HTTP/1.1 connections alive).
@Suite struct LiveFaultsTests {
    private func withProxy(_ faults: FaultSettings, _ body: (EmbeddedTarget, FaultProxy) throws -> Void) throws {
        let target = try EmbeddedTarget(config: TargetConfig(dialect: .pika))
        defer { target.stop() }
        let proxy = try FaultProxy(listenPort: 0, upstreamPort: target.port, faults: faults)
        proxy.start()
        defer { proxy.stop() }
        try body(target, proxy)
    }

    private static let get = RawClient.keepAliveGet("/v1/pika/jobs?jobid=nope")

    private static func answered(_ exchange: Exchange) -> Bool {
        guard case .answer(let text) = exchange else { return false }
        return text.hasPrefix("HTTP/1.1 404 ")
    }

    /// Waits (bounded) until the server has served `count` requests in all.
    private static func waitServed(_ target: EmbeddedTarget, _ count: Int) {
        for _ in 0..<200 where target.server.stats.requestsServed < count { usleep(10_000) }
    }

    @Test func refuseResetsOpenConnectionsAndLiftingIt() throws {
        try withProxy(FaultSettings()) { _, proxy in
            let open = RawConnection(port: proxy.port)
            #expect(Self.answered(open.exchange(Self.get)))
            proxy.set(LiveFaults(partition: .refuse))
            #expect(proxy.live == LiveFaults(partition: .refuse))
            // The open connection is reset at once, without a request pending, and new ones are refused.
            #expect(open.awaitEnd() == .reset)
            let refused = RawClient.exchange(port: proxy.port, request: RawClient.get("/v1/pika/jobs?jobid=nope"))
            #expect(refused == .reset || refused == .closed)
            proxy.set(.none)
            let after = RawConnection(port: proxy.port)
            #expect(Self.answered(after.exchange(Self.get)))
            #expect(Self.answered(after.exchange(Self.get)))
            let stats = proxy.stats
            #expect(stats.partitionResets == 1)
            #expect(stats.refused == 1)
            #expect(stats.faultChanges == 2)
        }
    }

    @Test func blackholeHoldsOpenAndNewConnectionsAndLiftingResetsThem() throws {
        try withProxy(FaultSettings()) { target, proxy in
            let open = RawConnection(port: proxy.port)
            #expect(Self.answered(open.exchange(Self.get)))
            Self.waitServed(target, 1)
            proxy.set(LiveFaults(partition: .blackhole))
            #expect(open.exchange(Self.get, timeoutMs: 200) == .timeout)
            let caught = RawConnection(port: proxy.port)
            #expect(caught.exchange(Self.get, timeoutMs: 200) == .timeout)
            #expect(target.server.stats.requestsServed == 1, "nothing reached the target during the blackhole")
            proxy.set(.none)
            // Both held connections' streams are out of step: reset. A new one forwards.
            #expect(open.awaitEnd() == .reset)
            #expect(caught.awaitEnd() == .reset)
            let after = RawConnection(port: proxy.port)
            #expect(Self.answered(after.exchange(Self.get)))
            let stats = proxy.stats
            #expect(stats.blackholed == 2)
            #expect(stats.partitionResets == 2)
            #expect(stats.droppedBytes >= 2 * Self.get.utf8.count)
        }
    }

    @Test func resetIsDrawnPerAnswerOnAKeptAliveConnection() throws {
        // A seed whose first connection keeps its first two answers and loses the third, at 50%.
        let seed = try #require((0..<10_000 as Range<UInt64>).first { seed in
            (1...3).map { ConnectionDice.resets(seed: seed, connection: 1, response: $0, probability: 0.5) } == [false, false, true]
        })
        try withProxy(FaultSettings(resetProbability: 0.5, seed: seed)) { target, proxy in
            let connection = RawConnection(port: proxy.port)
            #expect(Self.answered(connection.exchange(Self.get)))
            #expect(Self.answered(connection.exchange(Self.get)))
            #expect(connection.exchange(Self.get) == .reset)
            // The server answered all three; the client heard two.
            Self.waitServed(target, 3)
            #expect(target.server.stats.requestsServed == 3)
            #expect(proxy.stats.answers == 3)
            #expect(proxy.stats.resets == 1)
        }
    }

    @Test func latencyAndResetChangeForAnOpenConnection() throws {
        try withProxy(FaultSettings()) { _, proxy in
            let connection = RawConnection(port: proxy.port)
            #expect(Self.answered(connection.exchange(Self.get)))
            let latency: UInt64 = 40_000_000
            proxy.set(LiveFaults(latencyNanoseconds: latency))
            let start = DispatchTime.now().uptimeNanoseconds
            #expect(Self.answered(connection.exchange(Self.get)))
            #expect(DispatchTime.now().uptimeNanoseconds - start >= latency)
            proxy.set(LiveFaults(resetProbability: 1))
            #expect(connection.exchange(Self.get) == .reset)
            #expect(proxy.stats.resets == 1)
            #expect(proxy.stats.delayedChunks >= 1)
        }
    }

    /// Which of `count` one-request connections a fresh proxy with `seed` resets, at 50%.
    private func resetPattern(seed: UInt64, count: Int) throws -> [Bool] {
        var pattern: [Bool] = []
        try withProxy(FaultSettings(resetProbability: 0.5, seed: seed)) { _, proxy in
            for _ in 0..<count {
                let outcome = RawClient.exchange(port: proxy.port, request: RawClient.get("/v1/pika/jobs?jobid=nope"))
                pattern.append(outcome == .reset)
            }
        }
        return pattern
    }

    @Test func theSameSeedResetsTheSameAnswers() throws {
        let first = try resetPattern(seed: 11, count: 16)
        #expect(try resetPattern(seed: 11, count: 16) == first)
        let expected = (1...16).map { ConnectionDice.resets(seed: 11, connection: UInt64($0), response: 1, probability: 0.5) }
        #expect(first == expected)
    }

    @Test func rollsDependOnlyOnSeedConnectionAndAnswer() {
        let rolls = (1...50).map { ConnectionDice.roll(seed: 3, connection: 2, response: UInt64($0)) }
        #expect(rolls == (1...50).map { ConnectionDice.roll(seed: 3, connection: 2, response: UInt64($0)) })
        #expect(rolls != (1...50).map { ConnectionDice.roll(seed: 4, connection: 2, response: UInt64($0)) })
        #expect(rolls.allSatisfy { $0 >= 0 && $0 < 1 })
        // A connection's first answer rolls what the per-connection dice drew first, so one-request
        // connections are reset exactly as before answers were counted.
        for n in 1...200 as ClosedRange<UInt64> {
            var dice = ConnectionDice(seed: 7, connection: n)
            #expect(dice.chance(0.25) == ConnectionDice.resets(seed: 7, connection: n, response: 1, probability: 0.25))
        }
    }
}
