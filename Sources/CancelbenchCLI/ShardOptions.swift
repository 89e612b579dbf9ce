import Foundation
import LoadModel

/// `--shard`, `--shards` and `--start-at`: which part of a global plan a run plays, and when it starts.
enum ShardOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "shard", value: "K/N|auto", help: "Play shard K of N of the plan (jobs i with i mod N = K−1); 'auto' reads it from Slurm or Kubernetes."),
        OptionSpec(name: "shards", value: "N", help: "Shards in all, with the index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), or to check 'auto'."),
        OptionSpec(name: "start-at", value: "TIME", help: "Wait until TIME (RFC 3339 or Unix seconds) to start, so shards start together."),
    ]

    /// The shard from the flags and, for `auto` or `--shards` alone, the environment the engines set.
    static func shard(_ args: ParsedArguments, environment env: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError) -> Shard {
        let spec = args.string("shard")
        let count = try args.int("shards", in: 1...100_000)
        if spec == nil, count == nil { return .whole }
        if let spec, spec != "auto" {
            let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), let s = Shard(index: k - 1, count: n) else {
                throw UsageError("--shard: expected K/N with 1 ≤ K ≤ N ≤ 100000 (2/4 is the second of four), or auto, found '\(spec)'")
            }
            if let count, count != n { throw UsageError("--shard \(spec) and --shards \(count) disagree on the number of shards") }
            return s
        }
        let (index, n, source) = try fromEnvironment(env, count: count)
        guard let s = Shard(index: index, count: n) else {
            throw UsageError("--shard auto: \(source) gives shard index \(index) of \(n), which is out of range")
        }
        if let count, count != n { throw UsageError("--shards \(count) disagrees with \(source), which says \(n) shards") }
        return s
    }

    /// The shard index (from 0), the count and where they came from.
    static func fromEnvironment(_ env: [String: String], count: Int?) throws(UsageError) -> (Int, Int, String) {
        func int(_ name: String) throws(UsageError) -> Int? {
            guard let text = env[name], !text.isEmpty else { return nil }
            guard let v = Int(text) else { throw UsageError("--shard auto: \(name) is '\(DisplayText.cut(text))', not a whole number") }
            return v
        }
        if let index = try int("JOB_COMPLETION_INDEX") {
            guard let count else { throw UsageError("--shard auto: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give --shards N, the Job's completions") }
            return (index, count, "JOB_COMPLETION_INDEX")
        }
        if let id = try int("SLURM_ARRAY_TASK_ID") {
            guard let n = try int("SLURM_ARRAY_TASK_COUNT") else { throw UsageError("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not") }
            return (id - (try int("SLURM_ARRAY_TASK_MIN") ?? 0), n, "the Slurm array (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT)")
        }
        if let id = try int("SLURM_PROCID"), let n = try int("SLURM_NTASKS") {
            return (id, n, "srun (SLURM_PROCID of SLURM_NTASKS)")
        }
        throw UsageError("--shard auto: no shard in the environment (JOB_COMPLETION_INDEX with --shards N, SLURM_ARRAY_TASK_ID, or SLURM_PROCID); give --shard K/N")
    }

    /// `--start-at`: Unix nanoseconds.
    static func startAt(_ args: ParsedArguments, now: Date = Date()) throws(UsageError) -> Int64? {
        guard let text = args.string("start-at") else { return nil }
        var date: Date?
        if let seconds = Double(text), seconds.isFinite, seconds > 0 {
            date = Date(timeIntervalSince1970: seconds)
        } else {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = f.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        }
        guard let date else { throw UsageError("--start-at: expected RFC 3339 (2026-12-02T10:00:00Z) or Unix seconds, found '\(text)'") }
        guard date.timeIntervalSince(now) <= 86_400 else { throw UsageError("--start-at: '\(text)' is more than 24 hours away") }
        // A little in the past is a shard started late (its lateness is recorded); days in the past is a mistake.
        guard now.timeIntervalSince(date) <= 86_400 else { throw UsageError("--start-at: '\(text)' is more than 24 hours ago") }
        return Int64(date.timeIntervalSince1970 * 1e9)
    }
}
