#if canImport(Glibc)
import Glibc
#endif

/// Reads CLOCK_MONOTONIC, which never jumps, for timers and idle checks.
enum MonotonicTime {
    /// Nanoseconds since an arbitrary origin.
    @inline(__always)
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }
}
