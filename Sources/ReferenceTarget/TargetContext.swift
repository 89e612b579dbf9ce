/// What every dialect's API shares: the configuration, the jobs, the id format and the wall clock.
struct TargetContext: Sendable {
    let config: TargetConfig
    let store: JobStore
    let ids: JobID
    let wallClock: WallClock
}

/// Maps the target's monotonic clock onto Unix time for the timestamps in response bodies.
///
/// Taking one wall-clock reading at init and adding monotonic offsets means timestamps never jump
/// backwards when the system clock is adjusted, and tests with a fake monotonic clock get exact values.
struct WallClock: Sendable {
    /// Monotonic reading (nanoseconds) taken at the same moment as `unixOrigin`.
    let monotonicOrigin: Int64
    /// Nanoseconds since the Unix epoch at `monotonicOrigin`.
    let unixOrigin: Int64

    /// The Unix time (nanoseconds since the epoch) of the monotonic instant `monotonic`.
    func unix(_ monotonic: Int64) -> Int64 { unixOrigin &+ (monotonic &- monotonicOrigin) }

    /// The monotonic instant of the Unix time `unix` (nanoseconds since the epoch): how a store's instants,
    /// written by an earlier process, land on this process's clock.
    func monotonic(_ unix: Int64) -> Int64 { monotonicOrigin &+ (unix &- unixOrigin) }
}
