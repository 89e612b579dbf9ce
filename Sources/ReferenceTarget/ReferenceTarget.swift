import Foundation
import HTTPServer

/// The system under test in cancelbench's self-test: one of the four job APIs, simulated in memory.
///
/// Jobs are simulated lazily from timestamps (no timers), so a status read is a lock, a dictionary
/// lookup and a few hundred bytes of JSON. `handle` is safe to call from many server threads at once.
public final class ReferenceTarget: Sendable {
    /// The configuration this target was built with.
    public let config: TargetConfig
    private let api: API
    /// The jobs; internal so tests can compare what a faulty answer said with the true state.
    let store: JobStore
    /// The noise faults, or nil when none is configured (the request path then skips them entirely).
    private let noise: NoiseFaults?
    /// beatra's completion-callback sender; nil for the other dialects, which have no callbacks.
    private let callbacks: CallbackDispatcher?

    /// The dialect-specific API, chosen once at init.
    private enum API: Sendable {
        case pika(PikaAPI)
        case beatra(BeatraAPI)
        case praison(PraisonAPI)
        case ogcProcesses(OGCProcessesAPI)
    }

    /// Creates a target.
    /// - Parameters:
    ///   - config: dialect, seed, durations, rates and accounts.
    ///   - clock: a monotonic clock in nanoseconds (injectable so tests can move time by hand).
    ///   - wallClockOrigin: nanoseconds since the Unix epoch at the moment of init; body timestamps are this
    ///     plus the monotonic time elapsed since init.
    public init(config: TargetConfig,
                clock: @escaping @Sendable () -> Int64 = ReferenceTarget.monotonicNanoseconds,
                wallClockOrigin: Int64 = ReferenceTarget.unixNanoseconds()) {
        self.config = config
        store = JobStore(config: config, clock: clock)
        let context = TargetContext(config: config, store: store, ids: JobID(dialect: config.dialect, seed: config.seed),
                                    wallClock: WallClock(monotonicOrigin: clock(), unixOrigin: wallClockOrigin))
        noise = store.dice.hasNoise ? NoiseFaults(dice: store.dice) : nil
        switch config.dialect {
        case .pika: api = .pika(PikaAPI(context: context)); callbacks = nil
        case .beatra:
            let dispatcher = CallbackDispatcher(context: context)
            callbacks = dispatcher
            api = .beatra(BeatraAPI(context: context,
                                    idempotency: IdempotencyStore(capacity: config.idempotencyCapacity),
                                    callbacks: dispatcher))
        case .praison: api = .praison(PraisonAPI(context: context)); callbacks = nil
        case .ogcProcesses: api = .ogcProcesses(OGCProcessesAPI(context: context)); callbacks = nil
        }
    }

    deinit { shutdown() }

    /// Stops the callback dispatcher's thread (if it was started) and waits for it; idempotent. Requests are
    /// still answered afterwards, but no further callback is sent.
    public func shutdown() {
        callbacks?.shutdown()
    }

    /// The completion-callback counters (beatra; all zero for the other dialects, which send none).
    public var callbackStats: CallbackStats { callbacks?.stats ?? CallbackStats() }

    /// Answers one request according to the configured dialect's contract, planted faults included.
    public func handle(_ request: HTTPRequest) -> HTTPReply {
        guard let noise else { return answer(request) }
        return noise.apply { answer(request) }
    }

    /// The dialect's answer, before noise.
    private func answer(_ request: HTTPRequest) -> HTTPReply {
        switch api {
        case .pika(let pika): return pika.handle(request)
        case .beatra(let beatra): return beatra.handle(request)
        case .praison(let praison): return praison.handle(request)
        case .ogcProcesses(let ogc): return ogc.handle(request)
        }
    }

    /// `handle` as the function a server calls.
    public var handler: HTTPHandler { { self.handle($0) } }

    /// The simulated queue delay, run time and stop delay (nanoseconds) of the job with this public id,
    /// or nil when there is no such job; lets tests and reports compare what was seen with what was drawn.
    public func durations(ofJob id: String) -> (queueDelay: Int64, runTime: Int64, stopDelay: Int64)? {
        JobID(dialect: config.dialect, seed: config.seed).parse(id).flatMap(store.durations)
    }

    /// CLOCK_MONOTONIC in nanoseconds: the default clock.
    @Sendable public static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    /// CLOCK_REALTIME in nanoseconds since the Unix epoch: the default wall-clock origin.
    public static func unixNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }
}
