import Foundation
import HTTPServer

/// The system under test in cancelbench's self-test: one of the four job APIs, simulated in memory, and
/// optionally kept in an append-only store file that a later process replays (see `init(config:storeFile:…)`).
///
/// Jobs are simulated lazily from timestamps (no timers), so a status read is a lock, a dictionary
/// lookup and a few hundred bytes of JSON. `handle` is safe to call from many server threads at once.
public final class ReferenceTarget: Sendable {
    /// The configuration this target was built with (with a store, `idSeed` is the one the store keeps).
    public let config: TargetConfig
    private let api: API
    /// The jobs; internal so tests can compare what a faulty answer said with the true state.
    let store: JobStore
    /// The ids' format (prefix, tag key).
    let ids: JobID
    /// The store file's side of the target, or nil in memory.
    let log: StoreLog?
    /// What replaying the store found at start; nil in memory.
    public let storeReplay: StoreReplaySummary?
    /// The noise faults, or nil when none is configured (the request path then skips them entirely).
    private let noise: NoiseFaults?
    /// beatra's completion-callback sender; nil for the other dialects, which have no callbacks.
    let callbacks: CallbackDispatcher?

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
    public convenience init(config: TargetConfig,
                            clock: @escaping @Sendable () -> Int64 = ReferenceTarget.monotonicNanoseconds,
                            wallClockOrigin: Int64 = ReferenceTarget.unixNanoseconds()) {
        self.init(config: config, wallClock: WallClock(monotonicOrigin: clock(), unixOrigin: wallClockOrigin),
                  clock: clock, file: nil, replay: nil)
    }

    /// The target with its parts; `file` and `replay` come from `init(config:storeFile:…)`.
    init(config: TargetConfig, wallClock: WallClock, clock: @escaping @Sendable () -> Int64, file: StoreFile?,
         replay: StoreReplay?) {
        var config = config
        if let header = replay?.header { config.idSeed = header.idSeed }
        self.config = config
        let log = file.map { StoreLog(file: $0, wallClock: wallClock) }
        let store = JobStore(config: config, clock: clock, log: log)
        (self.log, self.store) = (log, store)
        ids = JobID(dialect: config.dialect, seed: config.idSeed ?? config.seed)
        let context = TargetContext(config: config, store: store, ids: ids, wallClock: wallClock)
        noise = store.dice.hasNoise ? NoiseFaults(dice: store.dice) : nil
        var idempotency: IdempotencyStore?
        var callbacks: CallbackDispatcher?
        switch config.dialect {
        case .pika: api = .pika(PikaAPI(context: context))
        case .beatra:
            let dispatcher = CallbackDispatcher(context: context)
            callbacks = dispatcher
            idempotency = IdempotencyStore(capacity: config.idempotencyCapacity, log: log)
            api = .beatra(BeatraAPI(context: context, idempotency: idempotency!, callbacks: dispatcher))
        case .praison: api = .praison(PraisonAPI(context: context))
        case .ogcProcesses: api = .ogcProcesses(OGCProcessesAPI(context: context))
        }
        self.callbacks = callbacks
        if let log, let replay {
            storeReplay = ReferenceTarget.restore(replay, log: log, store: store, idempotency: idempotency,
                                                  callbacks: callbacks)
        } else {
            storeReplay = nil
        }
    }

    deinit { shutdown() }

    /// Stops the callback dispatcher's thread (if it was started) and waits for it, then closes the store file;
    /// idempotent. Requests are still answered afterwards, but no further callback is sent, and a target with a
    /// store answers none (it could no longer put a change on disk): its connections are closed unanswered.
    public func shutdown() {
        callbacks?.shutdown()
        log?.file.close()
    }

    /// Why the store stopped accepting writes (a write or sync failed; the target then answers nothing), or nil
    /// while it works and for a target without a store.
    public var storeFailure: String? { log?.file.failure }

    /// The completion-callback counters (beatra; all zero for the other dialects, which send none).
    public var callbackStats: CallbackStats { callbacks?.stats ?? CallbackStats() }

    /// Answers one request according to the configured dialect's contract, planted faults included.
    public func handle(_ request: HTTPRequest) -> HTTPReply {
        guard let noise else { return durable(request) }
        return noise.apply { durable(request) }
    }

    /// The dialect's answer, sent only once every change made so far is on disk (with a store). A read commits
    /// too when others' changes are still in flight: it may show them, and nothing shown may be lost by a crash.
    private func durable(_ request: HTTPRequest) -> HTTPReply {
        let reply = answer(request)
        guard let log else { return reply }
        return log.commit() ? reply : .close
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
        ids.parse(id).flatMap(store.durations)
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
