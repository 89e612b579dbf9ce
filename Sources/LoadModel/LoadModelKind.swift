/// How jobs arrive: the load model a run plays.
public enum LoadModelKind: Sendable, Equatable {
    /// A fixed number of jobs in flight: a new job starts when one ends.
    case closed(concurrency: Int)
    /// Jobs start on a schedule, whatever the target's speed; `maxInFlight` caps the jobs alive at once
    /// (starts beyond it are late, not queued without bound).
    case open(rate: Double, arrival: ArrivalSchedule.Process, maxInFlight: Int)

    /// `closed` or `open`, as summary.json names it.
    public var name: String {
        if case .closed = self { return "closed" }
        return "open"
    }
}

/// plan.json: `{"kind":"closed","concurrency":64}` or `{"kind":"open","rate":200,"arrival":"poisson","max_in_flight":10000}`.
extension LoadModelKind: Codable {
    enum CodingKeys: String, CodingKey { case kind, concurrency, rate, arrival, maxInFlight = "max_in_flight" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "closed":
            let n = try c.decode(Int.self, forKey: .concurrency)
            guard (1...100_000).contains(n) else {
                throw DecodingError.dataCorruptedError(forKey: .concurrency, in: c, debugDescription: "expected 1 to 100000, found \(n)")
            }
            self = .closed(concurrency: n)
        case "open":
            let rate = try c.decode(Double.self, forKey: .rate), cap = try c.decode(Int.self, forKey: .maxInFlight)
            guard rate > 0, rate <= 1_000_000 else {
                throw DecodingError.dataCorruptedError(forKey: .rate, in: c, debugDescription: "expected a rate above 0 and at most 1000000, found \(rate)")
            }
            guard (1...100_000).contains(cap) else {
                throw DecodingError.dataCorruptedError(forKey: .maxInFlight, in: c, debugDescription: "expected 1 to 100000, found \(cap)")
            }
            self = .open(rate: rate, arrival: try c.decode(ArrivalSchedule.Process.self, forKey: .arrival), maxInFlight: cap)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "expected \"closed\" or \"open\", found \"\(other)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .kind)
        switch self {
        case .closed(let n):
            try c.encode(n, forKey: .concurrency)
        case .open(let rate, let arrival, let cap):
            try c.encode(rate, forKey: .rate)
            try c.encode(arrival, forKey: .arrival)
            try c.encode(cap, forKey: .maxInFlight)
        }
    }
}
