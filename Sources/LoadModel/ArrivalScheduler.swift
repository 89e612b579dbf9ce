/// When the next jobs start, for either load model: a pure state machine the run loop asks at each turn.
///
/// The closed model starts `concurrency` jobs at once and one more each time a job ends; the open model
/// starts jobs on the arrival schedule (an intended start each), at most `maxInFlight` alive at once. Starts
/// the schedule meant before the run stopped submitting, and that never happened, are counted as dropped.
///
/// A shard plays its own jobs of the global plan: in the closed model its share of the concurrency; in the open
/// model every global arrival is drawn and only the shard's are started, at their global instants, so the
/// shards' starts together are the unsharded schedule. Slots number the shard's own jobs from 0.
public struct ArrivalScheduler: Sendable {
    public let model: LoadModelKind
    /// Jobs of the whole (global) plan.
    public let total: Int
    public let shard: Shard
    /// Global jobs drawn so far (the open model), or this shard's jobs started (the closed model).
    public private(set) var started = 0
    /// This shard's jobs started so far: the next slot.
    public private(set) var slots = 0
    /// False once the run stops submitting (its duration reached, or a stop).
    public private(set) var submitting = true
    private var schedule: ArrivalSchedule?
    /// The open model's next intended start, ns since the run began.
    private var nextArrival: Int64 = 0

    public init(model: LoadModelKind, total: Int, seed: UInt64, shard: Shard = .whole) {
        self.model = model
        self.total = total
        self.shard = shard
        if case .open(let rate, let arrival, _) = model {
            var s = ArrivalSchedule(rate: rate, process: arrival, seed: seed)
            nextArrival = s.nextStart().nanoseconds
            schedule = s
        }
    }

    /// Whether more jobs will start.
    public var hasMore: Bool {
        guard submitting else { return false }
        return schedule != nil ? slots < shard.jobs(of: total) && started < total : slots < shard.jobs(of: total)
    }

    /// Whether jobs start on a schedule (the open model), so the run goes on while none is in flight.
    public var isScheduled: Bool { schedule != nil }

    /// The open model's next intended start, while more will start; nil in the closed model.
    public var nextDue: Int64? { schedule != nil && hasMore ? nextArrival : nil }

    /// The closed model's first starts, as run slots (all intended at 0); none in the open model.
    public mutating func initialStarts() -> Range<Int> {
        guard case .closed(let concurrency) = model else { return 0..<0 }
        let n = min(shard.concurrency(of: concurrency), shard.jobs(of: total))
        started = n
        slots = n
        return 0..<n
    }

    /// The closed model's start after a job ended: the new job's run slot, or nil when none starts.
    public mutating func replaceEnded() -> Int? {
        guard case .closed = model, hasMore else { return nil }
        started += 1
        slots += 1
        return slots - 1
    }

    /// The open model's starts due by `t`, with `inFlight` jobs alive: each a run slot to start now and its
    /// intended time, which its latency is measured from.
    public mutating func due(at t: Int64, inFlight: Int) -> [(slot: Int, intended: Int64)] {
        guard var s = schedule, case .open(_, _, let cap) = model else { return [] }
        var starts: [(slot: Int, intended: Int64)] = []
        var alive = inFlight
        while hasMore, nextArrival <= t, alive < cap {
            if shard.owns(started) {
                starts.append((slots, nextArrival))
                slots += 1
                alive += 1
            }
            started += 1
            nextArrival = s.nextStart().nanoseconds
        }
        schedule = s
        return starts
    }

    /// Stops submitting; returns the scheduled starts up to `end` (ns) that never happened (open model).
    public mutating func stop(droppingUntil end: Int64? = nil) -> Int {
        guard submitting else { return 0 }
        submitting = false
        guard var s = schedule, let end else { return 0 }
        var dropped = 0, at = nextArrival, n = started
        while at <= end, n < total {
            if shard.owns(n) { dropped += 1 }
            n += 1
            at = s.nextStart().nanoseconds
        }
        schedule = s
        return dropped
    }
}
