import LoadModel

/// The jobs alive in a run and the exchanges in flight for them: who is waiting for what, and when each job
/// wants to wake up. Bookkeeping only: it sends nothing and reads no clock.
struct JobLedger {
    /// A job alive in the run, in its run slot.
    struct ActiveJob {
        var script: JobScript
        var history: JobHistory
        /// Its intended start, ns since the run began.
        var started: Int64
        var exchanges = 0
        /// Cancels of the job itself that went out.
        var cancels = 0
        /// The wake-up already on the timer heap, so an unchanged one is not pushed again.
        var scheduledWake: Instant?
    }

    /// An exchange in flight, by its sequence number (the transport's tag).
    struct Pending {
        var slot: Int
        var intent: RequestIntent
        var requestedId: String
        /// `METHOD path`, as the history keeps it.
        var request: String
        /// Its method and path apart, as requests.csv keeps them.
        var method: String
        var path: String
        var key: String?
    }

    private(set) var jobs: [Int: ActiveJob] = [:]
    private(set) var pending: [Int: Pending] = [:]
    private var timers = TimerQueue<Int>()
    /// The last sequence number handed out.
    private(set) var seq = 0

    var isEmpty: Bool { jobs.isEmpty }
    var count: Int { jobs.count }
    var hasPending: Bool { !pending.isEmpty }
    /// The earliest wake-up on the heap.
    var earliestWake: Instant? { timers.earliest }

    subscript(slot: Int) -> ActiveJob? {
        get { jobs[slot] }
        set { jobs[slot] = newValue }
    }

    /// The slots of the jobs alive, in order.
    var slots: [Int] { jobs.keys.sorted() }

    mutating func add(_ job: ActiveJob, slot: Int) { jobs[slot] = job }

    /// Changes the job in `slot` in place; nil when there is none. A job taken out and put back would share its
    /// history's storage with the copy left behind, so every appended operation would copy the whole array.
    mutating func modify<R>(_ slot: Int, _ body: (inout ActiveJob) -> R) -> R? {
        guard let i = jobs.index(forKey: slot) else { return nil }
        return body(&jobs.values[i])
    }

    /// Reads the job in `slot` without copying it out; nil when there is none. (Mutating only for the access:
    /// `jobs.values[i]` read through its getter copies the whole job, a retain per field; accessed in place it
    /// is borrowed.)
    mutating func read<R>(_ slot: Int, _ body: (ActiveJob) -> R) -> R? {
        guard let i = jobs.index(forKey: slot) else { return nil }
        return Self.borrow(&jobs.values[i], body)
    }

    private static func borrow<R>(_ job: inout ActiveJob, _ body: (ActiveJob) -> R) -> R { body(job) }

    private static func clearWake(_ job: inout ActiveJob, ifAt at: Instant) {
        if job.scheduledWake == at { job.scheduledWake = nil }
    }

    /// Removes an ended job.
    mutating func remove(_ slot: Int) -> ActiveJob? { jobs.removeValue(forKey: slot) }

    /// The next sequence number.
    mutating func nextSeq() -> Int {
        seq += 1
        return seq
    }

    mutating func expect(_ p: Pending, seq: Int) { pending[seq] = p }

    /// The exchange an answer belongs to, no longer pending.
    mutating func answer(_ seq: Int) -> Pending? { pending.removeValue(forKey: seq) }

    /// Forgets exchanges that will never be answered (dropped before they were sent).
    mutating func forget(_ seqs: [Int]) { for s in seqs { pending[s] = nil } }

    /// Puts the job's next wake-up on the heap, unless it is already there.
    mutating func scheduleWake(_ slot: Int) {
        guard let i = jobs.index(forKey: slot), let w = Self.claimWake(&jobs.values[i]) else { return }
        timers.push(w, slot)
    }

    /// The job's next wake-up when it is not on the heap yet, marked as scheduled (in place: see `read`).
    private static func claimWake(_ job: inout ActiveJob) -> Instant? {
        guard let w = job.script.nextWake, w != job.scheduledWake else { return nil }
        job.scheduledWake = w
        return w
    }

    /// The next job whose wake-up is due at `t`, if any; its heap entry is gone.
    mutating func popDue(_ t: Instant) -> Int? {
        guard let due = timers.popDue(t) else { return nil }
        // A stale entry (the job's wake-up moved since) leaves the current one in place.
        if let i = jobs.index(forKey: due.payload) { Self.clearWake(&jobs.values[i], ifAt: due.at) }
        return due.payload
    }
}
