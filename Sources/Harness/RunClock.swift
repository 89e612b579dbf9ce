import Foundation

/// Where a run sits on the wall clock: when its clock started, and how late against `--start-at`.
struct RunClock {
    var startedAtUnixNs: Int64?
    var lateNs: Int64?

    static func unixNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
