#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CLOCK_MONOTONIC: the only clock latencies are measured with (wall time can jump).
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary origin (boot on Linux).
    @inline(__always)
    public static func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }
}
