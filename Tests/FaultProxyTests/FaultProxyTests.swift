#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Harness
import ReferenceTarget
import Testing
@testable import FaultProxy

/// The proxy in front of the reference target, both in this process on ephemeral loopback ports: each fault
/// seen from a raw client, and what the server saw meanwhile.
@Suite struct FaultProxyTests {
    /// The reference target (pika) and a proxy with `faults` in front of it; both stopped after `body`.
    private func withProxy(_ faults: FaultSettings, _ body: (EmbeddedTarget, FaultProxy) throws -> Void) throws {
        let target = try EmbeddedTarget(config: TargetConfig(dialect: .pika))
        defer { target.stop() }
        let proxy = try FaultProxy(listenPort: 0, upstreamPort: target.port, faults: faults)
        proxy.start()
        defer { proxy.stop() }
        try body(target, proxy)
    }

    private static let create = "POST /v1/pika/create HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer cancelbench-local\r\n"
        + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"

    private static func statusLine(_ exchange: Exchange) -> String? {
        guard case .answer(let text) = exchange else { return nil }
        return text.split(separator: "\r\n").first.map(String.init)
    }

    @Test func forwardsAnswersUnchanged() throws {
        try withProxy(FaultSettings()) { target, proxy in
            let direct = RawClient.exchange(port: target.port, request: RawClient.get("/v1/pika/jobs?jobid=nope"))
            let proxied = RawClient.exchange(port: proxy.port, request: RawClient.get("/v1/pika/jobs?jobid=nope"))
            #expect(Self.statusLine(direct) == "HTTP/1.1 404 Not Found")
            #expect(Self.statusLine(proxied) == Self.statusLine(direct))
            guard case .answer(let a) = direct, case .answer(let b) = proxied else { Issue.record("no answer"); return }
            #expect(a.components(separatedBy: "\r\n\r\n").last == b.components(separatedBy: "\r\n\r\n").last)
            let created = RawClient.exchange(port: proxy.port, request: Self.create)
            #expect(Self.statusLine(created) == "HTTP/1.1 200 OK")
            let stats = proxy.stats
            #expect(stats.connections == 2)
            #expect(stats.bytesUp > 0 && stats.bytesDown > 0)
            #expect(stats.resets == 0 && stats.refused == 0 && stats.blackholed == 0)
        }
    }

    @Test func latencyDelaysEveryAnswer() throws {
        let latency: UInt64 = 30_000_000
        try withProxy(FaultSettings(latencyNanoseconds: latency)) { target, proxy in
            func fastest(_ port: UInt16) -> UInt64 {
                (0..<3).map { _ in
                    let start = DispatchTime.now().uptimeNanoseconds
                    let outcome = RawClient.exchange(port: port, request: RawClient.get("/v1/pika/jobs?jobid=nope"))
                    #expect(Self.statusLine(outcome) == "HTTP/1.1 404 Not Found")
                    return DispatchTime.now().uptimeNanoseconds - start
                }.min()!
            }
            let direct = fastest(target.port)
            let proxied = fastest(proxy.port)
            #expect(proxied >= latency, "proxied \(proxied) ns")
            #expect(proxied >= direct + latency - 1_000_000, "direct \(direct) ns, proxied \(proxied) ns")
            #expect(proxy.stats.delayedChunks >= 3)
        }
    }

    @Test func resetLosesTheAnswerAfterTheServerActed() throws {
        try withProxy(FaultSettings(resetProbability: 1)) { target, proxy in
            let before = target.server.stats.requestsServed
            let outcome = RawClient.exchange(port: proxy.port, request: Self.create)
            #expect(outcome == .reset)
            // The server created the job and answered; only the client never heard.
            for _ in 0..<100 where target.server.stats.requestsServed == before { usleep(10_000) }
            #expect(target.server.stats.requestsServed == before + 1)
            #expect(proxy.stats.resets == 1)
            #expect(proxy.stats.bytesDown == 0)
        }
    }

    @Test func resetIsDrawnPerConnectionFromTheSeed() throws {
        func draws(seed: UInt64) -> [Bool] {
            (1...200).map { n -> Bool in
                var dice = ConnectionDice(seed: seed, connection: UInt64(n))
                return dice.chance(0.25)
            }
        }
        #expect(draws(seed: 7) == draws(seed: 7))
        #expect(draws(seed: 7) != draws(seed: 8))
        let share = Double(draws(seed: 7).filter { $0 }.count) / 200
        #expect(share > 0.15 && share < 0.35)
    }

    @Test func refuseResetsEveryConnection() throws {
        try withProxy(FaultSettings(partition: .refuse)) { target, proxy in
            let outcome = RawClient.exchange(port: proxy.port, request: Self.create)
            #expect(outcome == .reset || outcome == .closed)
            #expect(outcome != .timeout)
            #expect(proxy.stats.refused == 1)
            #expect(target.server.stats.requestsServed == 0)
        }
    }

    @Test func blackholeNeverAnswers() throws {
        try withProxy(FaultSettings(partition: .blackhole)) { target, proxy in
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = RawClient.exchange(port: proxy.port, request: Self.create, timeoutMs: 200)
            #expect(outcome == .timeout)
            #expect(DispatchTime.now().uptimeNanoseconds - start >= 190_000_000)
            #expect(proxy.stats.blackholed == 1)
            #expect(proxy.stats.bytesUp == 0)
            #expect(target.server.stats.requestsServed == 0)
        }
    }

    @Test func connectionsBeyondTheCapAreResetAndTheRestServed() throws {
        try withProxy(FaultSettings(partition: .blackhole, maxConnections: 1)) { _, proxy in
            // The first is held by the blackhole; the second is over the cap.
            let held = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(held) }
            var address = FaultProxy.loopback(port: proxy.port)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(held, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            for _ in 0..<100 where proxy.openConnections == 0 { usleep(10_000) }
            let outcome = RawClient.exchange(port: proxy.port, request: Self.create, timeoutMs: 1000)
            #expect(outcome == .reset || outcome == .closed)
            #expect(proxy.stats.overCap == 1)
        }
    }

    @Test func upstreamDownResetsTheClient() throws {
        // A port nobody listens on: bind one, read its number, close it.
        let probe = try FaultProxy(listenPort: 0, upstreamPort: 1, faults: FaultSettings())
        let deadPort = probe.port
        probe.stop()
        let proxy = try FaultProxy(listenPort: 0, upstreamPort: deadPort, faults: FaultSettings())
        proxy.start()
        defer { proxy.stop() }
        let outcome = RawClient.exchange(port: proxy.port, request: Self.create)
        #expect(outcome == .reset || outcome == .closed)
        #expect(proxy.stats.upstreamFailures == 1)
    }

    @Test func stopClosesOpenConnections() throws {
        try withProxy(FaultSettings(partition: .blackhole)) { _, proxy in
            let held = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(held) }
            var address = FaultProxy.loopback(port: proxy.port)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(held, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            for _ in 0..<100 where proxy.openConnections == 0 { usleep(10_000) }
            #expect(proxy.openConnections == 1)
            proxy.stop()
            #expect(proxy.openConnections == 0)
        }
    }
}
