import Synchronization

/// All simulated jobs, sharded by sequence number so concurrent server threads rarely share a lock.
///
/// The clock is read while the shard lock is held, so for any one job the instants seen by successive
/// operations never go backwards: a read serialized after a cancel can never observe a time before it.
final class JobStore: Sendable {
    /// One lock and the jobs it guards.
    private final class Shard: Sendable {
        let jobs = Mutex<[UInt64: SimulatedJob]>([:])
        /// The shard's jobs in creation order, for forgetting old ones. Only ever locked inside `jobs`'s lock.
        let order = Mutex<CreationOrder>(CreationOrder())
    }

    /// Sequences in creation order with a moving head: appending and dropping the oldest are both O(1).
    struct CreationOrder {
        var items: [UInt64] = []
        var head = 0
    }

    /// Number of shards: a power of two well above the number of server threads.
    private static let shardCount = 64

    private let shards: [Shard]
    private let nextSequence = Atomic<UInt64>(1)
    private let config: TargetConfig
    private let clock: @Sendable () -> Int64
    /// The planted faults; drawn per job under its shard lock so the opportunity count is exact.
    let dice: FaultDice
    /// Where submissions and changes are written down (`serve --store`), under the job's shard lock so one job's
    /// records keep their order; nil in memory.
    private let log: StoreLog?

    init(config: TargetConfig, clock: @escaping @Sendable () -> Int64, log: StoreLog? = nil) {
        self.config = config
        self.clock = clock
        self.log = log
        dice = FaultDice(config: config)
        shards = (0..<JobStore.shardCount).map { _ in Shard() }
    }

    private func shard(_ sequence: UInt64) -> Shard { shards[Int(sequence % UInt64(JobStore.shardCount))] }

    /// The store's clock reading now (monotonic nanoseconds).
    func now() -> Int64 { clock() }

    /// Submits a new job and returns its sequence number and its state at creation.
    /// - Parameter documentResults: OGC API – Processes: the execute request asked for a results document.
    func create(request: TaskRequest = .empty, documentResults: Bool = false) -> (sequence: UInt64, snapshot: JobSnapshot) {
        let sequence = nextSequence.wrappingAdd(1, ordering: .relaxed).oldValue
        return shard(sequence).jobs.withLock { jobs in
            let now = clock()
            let job = SimulatedJob(createdAt: now, config: config, sequence: sequence, request: request,
                                   documentResults: documentResults)
            forgetExpired(in: &jobs, shard: shard(sequence), now: now)
            jobs[sequence] = job
            log?.created(sequence, job)
            shard(sequence).order.withLock { $0.items.append(sequence) }
            return (sequence, job.snapshot(at: now))
        }
    }

    /// The job's state now as a client reads it (read faults included), with its submitted request, or nil
    /// when there is no such job.
    func read(_ sequence: UInt64) -> (snapshot: JobSnapshot, request: TaskRequest)? {
        shard(sequence).jobs.withLock { jobs in
            guard jobs[sequence] != nil else { return nil }
            let now = clock()
            guard dice.hasJobFaults else { let job = jobs[sequence]!; return (job.snapshot(at: now), job.request) }
            let seen = jobs[sequence]!.observe(at: now, sequence: sequence, dice: dice)
            return (seen, jobs[sequence]!.request)
        }
    }

    /// The job's true state now, untouched by faults and without using a fault opportunity (for callbacks).
    func peek(_ sequence: UInt64) -> (snapshot: JobSnapshot, request: TaskRequest)? {
        shard(sequence).jobs.withLock { jobs in
            guard let job = jobs[sequence] else { return nil }
            return (job.snapshot(at: clock()), job.request)
        }
    }

    /// Requests a cancel now; returns whether it was accepted, the state right after, and the request.
    /// - Parameter reexecute: the request is a replayed Idempotency-Key executing again (a planted fault).
    func cancel(_ sequence: UInt64, mode: CancelMode, reexecute: Bool = false)
        -> (accepted: Bool, snapshot: JobSnapshot, request: TaskRequest)? {
        shard(sequence).jobs.withLock { jobs in
            guard jobs[sequence] != nil else { return nil }
            let now = clock()
            let before = log == nil ? nil : jobs[sequence]!.changes
            defer { if let log, let before, jobs[sequence]!.changes != before { log.changed(sequence, jobs[sequence]!) } }
            if dice.hasJobFaults || reexecute {
                let (accepted, snapshot) = jobs[sequence]!.faultyCancel(at: now, mode: mode, sequence: sequence,
                                                                       dice: dice, reexecute: reexecute)
                return (accepted, snapshot, jobs[sequence]!.request)
            }
            // Mutate in place through the dictionary so the job is not copied twice.
            let accepted = jobs[sequence]!.requestCancel(at: now, mode: mode)
            let job = jobs[sequence]!
            return (accepted, job.snapshot(at: now), job.request)
        }
    }

    /// Dismisses the job now (OGC API – Processes): cancels it if live and removes it; returns the state it was
    /// dismissed in, or nil when there is no such job or it was already removed.
    func dismiss(_ sequence: UInt64) -> JobSnapshot? {
        shard(sequence).jobs.withLock { jobs in
            guard jobs[sequence] != nil else { return nil }
            let now = clock()
            let before = log == nil ? nil : jobs[sequence]!.changes
            defer { if let log, let before, jobs[sequence]!.changes != before { log.changed(sequence, jobs[sequence]!) } }
            if dice.hasJobFaults { return jobs[sequence]!.faultyDismiss(at: now, sequence: sequence, dice: dice) }
            return jobs[sequence]!.dismiss(at: now)
        }
    }

    /// Puts back the jobs a store replayed (in sequence order, so each shard's creation order is as it was), skipping
    /// those already past their retention, and continues the sequence after `highestSequence`.
    func restore(_ replayed: [(sequence: UInt64, job: SimulatedJob)], highestSequence: UInt64) {
        let now = clock()
        for (sequence, job) in replayed.sorted(by: { $0.sequence < $1.sequence })
        where job.endAt > now &- config.retention {
            shard(sequence).jobs.withLock { jobs in
                jobs[sequence] = job
                shard(sequence).order.withLock { $0.items.append(sequence) }
            }
        }
        nextSequence.store(highestSequence &+ 1, ordering: .relaxed)
    }

    /// Forgets the shard's oldest jobs that ended more than `config.retention` ago, as APIs expire finished
    /// jobs (a later read answers 404). Done as jobs are created, so the store's size follows the job rate
    /// times the retention, not the run's length; a job still running holds back the ones after it.
    private func forgetExpired(in jobs: inout [UInt64: SimulatedJob], shard: Shard, now: Int64) {
        shard.order.withLock { order in
            while order.head < order.items.count {
                let oldest = order.items[order.head]
                if let job = jobs[oldest] {
                    guard job.endAt <= now &- config.retention else { break }
                    jobs[oldest] = nil
                }
                order.head += 1
            }
            if order.head > 1024, order.head * 2 > order.items.count {
                order.items.removeFirst(order.head)
                order.head = 0
            }
        }
    }

    /// Whether job `sequence`'s execute request asked for a results document (OGC API – Processes), or nil when
    /// there is no such job. The answer never changes, so it needs no fault opportunity.
    func wantsDocumentResults(_ sequence: UInt64) -> Bool? {
        shard(sequence).jobs.withLock { $0[sequence]?.documentResults }
    }

    /// The simulated durations of job `sequence` (queue delay, run time, stop delay; nanoseconds), for tests.
    func durations(_ sequence: UInt64) -> (queueDelay: Int64, runTime: Int64, stopDelay: Int64)? {
        shard(sequence).jobs.withLock { jobs in
            jobs[sequence].map { ($0.startAt - $0.createdAt, $0.runTime, $0.stopDelay) }
        }
    }
}
