#if canImport(Glibc)
import Glibc
#endif

/// CPU time this process has used (user and system, microseconds), for "CPU per request" figures.
enum ProcessCPU {
    static func microseconds() -> (user: Int64, system: Int64) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func us(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000 + Int64(t.tv_usec) }
        return (us(usage.ru_utime), us(usage.ru_stime))
    }
}
