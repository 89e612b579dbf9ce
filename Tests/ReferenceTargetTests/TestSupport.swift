import Foundation
import HTTPServer
import Synchronization
@testable import ReferenceTarget

/// A monotonic clock that only moves when a test says so (nanoseconds).
final class FakeClock: Sendable {
    private let now = Mutex<Int64>(5_000_000_000)

    /// The current reading.
    func read() -> Int64 { now.withLock { $0 } }

    /// Moves time forward by `ms` milliseconds.
    func advance(ms: Int64) { now.withLock { $0 += ms * 1_000_000 } }

    /// The clock as the closure `ReferenceTarget` takes.
    var closure: @Sendable () -> Int64 { { self.read() } }
}

/// 2026-11-24T05:55:01.123Z in nanoseconds since the Unix epoch: the wall-clock origin of every fixture.
let wallOrigin: Int64 = 1_795_499_701_123_000_000

/// A paid token configured in every fixture.
let paidToken = TargetConfig.defaultToken

/// A target with fixed, easy durations (queue 100 ms, run 1 s, stop 200 ms) and a fake clock.
struct Fixture {
    let clock = FakeClock()
    let target: ReferenceTarget

    init(_ dialect: Dialect, failureRate: Double = 0, moderationRate: Double = 0,
         stopDelayMs: Int64 = 200, idempotencyCapacity: Int = 1_000_000, faults: [Fault: Double] = [:],
         seed: UInt64 = 7, callbacks: CallbackPolicy = CallbackPolicy()) {
        var config = Fixture.config(dialect, faults: faults, seed: seed)
        config.failureRate = failureRate
        config.moderationRate = moderationRate
        config.stopDelay = .fixed(stopDelayMs * 1_000_000)
        config.idempotencyCapacity = idempotencyCapacity
        config.callbacks = callbacks
        target = ReferenceTarget(config: config, clock: clock.closure, wallClockOrigin: wallOrigin)
    }

    /// A target with exactly `config`.
    init(config: TargetConfig) {
        target = ReferenceTarget(config: config, clock: clock.closure, wallClockOrigin: wallOrigin)
    }

    /// A target kept in the store file `storeFile`, started `startMs` milliseconds after the fixtures' wall origin
    /// (its fake clock starts at the same reading as every fixture's, so only the wall-clock origin moves).
    init(_ dialect: Dialect, storeFile: String, startMs: Int64 = 0, faults: [Fault: Double] = [:],
         idSeed: UInt64? = nil) throws(StoreError) {
        var config = Fixture.config(dialect, faults: faults, seed: 7)
        config.idSeed = idSeed
        target = try ReferenceTarget(config: config, storeFile: storeFile, clock: clock.closure,
                                     wallClockOrigin: wallOrigin + startMs * 1_000_000)
    }

    /// The fixtures' settings: queue 100 ms, run 1 s, stop 200 ms, no failures, 10 credits per second.
    static func config(_ dialect: Dialect, faults: [Fault: Double], seed: UInt64) -> TargetConfig {
        TargetConfig(dialect: dialect, seed: seed, queueDelay: .fixed(100_000_000), runTime: .fixed(1_000_000_000),
                     stopDelay: .fixed(200_000_000), failureRate: 0, moderationRate: 0, creditsPerSecond: 10,
                     idempotencyCapacity: 1_000_000, faults: faults)
    }

    /// The handler's reply to one request, not unpacked (noise faults answer `.close` or `.respondAfter`).
    func reply(_ method: String, _ target: String, token: String? = paidToken,
               headers: [(name: String, value: String)] = [], body: String? = nil) -> HTTPReply {
        var all = headers
        if let token { all.append((name: "authorization", value: "Bearer \(token)")) }
        return self.target.handle(HTTPRequest(method: method, target: target, headers: all, body: Array((body ?? "").utf8)))
    }

    /// Sends one request straight to the handler.
    func call(_ method: String, _ target: String, token: String? = paidToken,
              headers: [(name: String, value: String)] = [], body: String? = nil) -> Answer {
        var all = headers
        if let token { all.append((name: "authorization", value: "Bearer \(token)")) }
        let request = HTTPRequest(method: method, target: target, headers: all, body: Array((body ?? "").utf8))
        return Answer(self.target.handle(request))
    }

    /// Advances the fake clock by `ms` milliseconds.
    func advance(ms: Int64) { clock.advance(ms: ms) }
}

/// A handler's reply, unpacked for assertions.
struct Answer {
    let status: Int
    let headers: [(name: String, value: String)]
    let bytes: [UInt8]

    init(_ reply: HTTPReply) {
        guard case .respond(let response) = reply else { fatalError("expected an immediate response") }
        status = response.status
        headers = response.headers
        bytes = response.body
    }

    /// The body as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The body parsed with Foundation (tests only), so hand-built JSON is checked by an independent parser.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// The value of a response header, by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    /// A top-level string field.
    func string(_ key: String) -> String? { json[key] as? String }
}
