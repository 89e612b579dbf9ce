/// One shard of a global plan: every shard builds the same plan (same seed, jobs, mix) and plays only its
/// jobs, so the shards' results folders merge into the unsharded run exactly.
///
/// Jobs are dealt round-robin: job `i` belongs to shard `i mod count`. Contiguous segments (k6's execution
/// segments) would give shard 1 all the early arrivals of a constant-rate schedule and shard N all the late
/// ones; dealt round-robin, each shard plays every N-th instant of the global schedule, so every shard carries
/// 1/N of the load for the whole run, and the union of the shards is exactly the unsharded schedule.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    /// From 0.
    public let index: Int
    public let count: Int

    /// The whole run: one shard of one.
    public static let whole = Shard(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Shard `index` (from 0) of `count`; nil when out of range.
    public init?(index: Int, count: Int) {
        guard count >= 1, count <= 100_000, (0..<count).contains(index) else { return nil }
        self.init(uncheckedIndex: index, count: count)
    }

    public var isWhole: Bool { count == 1 }

    /// Whether global job `job` is this shard's.
    public func owns(_ job: Int) -> Bool { job % count == index }

    /// This shard's jobs of a plan of `total`.
    public func jobs(of total: Int) -> Int { total <= index ? 0 : (total - index + count - 1) / count }

    /// The global job number of this shard's `slot`-th job.
    public func job(slot: Int) -> Int { index + slot * count }

    /// This shard's part of a closed model's concurrency: divided, the remainder spread over the first shards.
    public func concurrency(of total: Int) -> Int { total / count + (index < total % count ? 1 : 0) }

    /// `K/N`, K from 1, as `--shard` takes it.
    public var description: String { "\(index + 1)/\(count)" }

    enum CodingKeys: String, CodingKey { case index, count }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let index = try c.decode(Int.self, forKey: .index), count = try c.decode(Int.self, forKey: .count)
        guard let s = Shard(index: index, count: count) else {
            throw DecodingError.dataCorruptedError(forKey: .index, in: c, debugDescription: "expected a shard index 0 to count − 1 of 1 to 100000 shards, found \(index) of \(count)")
        }
        self = s
    }
}
