/// What a target found in its store file when it started.
public struct StoreReplaySummary: Equatable, Sendable {
    /// The store file, as given.
    public var file: String
    /// True when the file held no record yet (it was created, or was empty): a first life.
    public var created: Bool
    /// Whole lines read, the header included.
    public var lines: Int
    /// Jobs recorded in the file.
    public var jobs: Int
    /// Of those, the jobs kept: the others ended longer than the retention ago and are forgotten, as they
    /// would have been had the server run on.
    public var jobsKept: Int
    /// Jobs with an accepted cancel request.
    public var cancels: Int
    /// Idempotency-Key answers stored (beatra).
    public var keys: Int
    /// Bytes of a torn last record (a line without its newline: the server stopped mid-write) that were dropped
    /// and cut from the file; 0 when the file ended cleanly.
    public var tornBytes: Int
    /// The line number the torn record would have had.
    public var tornLine: Int
    /// The file's length in bytes after replay (and any cut).
    public var length: Int

    public init(file: String, created: Bool, lines: Int, jobs: Int, jobsKept: Int, cancels: Int, keys: Int,
                tornBytes: Int, tornLine: Int, length: Int) {
        (self.file, self.created, self.lines, self.jobs, self.jobsKept) = (file, created, lines, jobs, jobsKept)
        (self.cancels, self.keys, self.tornBytes, self.tornLine, self.length) = (cancels, keys, tornBytes, tornLine, length)
    }
}

extension ReferenceTarget {
    /// Creates a target whose jobs, cancels, billing and Idempotency-Key answers are kept in the append-only
    /// store at `storeFile` (one record per acknowledged change, synced before the answer; format in
    /// `StoreRecord`), first replaying what the file holds.
    ///
    /// Replayed jobs keep their recorded plan and continue their lives by wall-clock time, as if the server had
    /// never stopped: a job that would have finished during the downtime reads finished, a cancel that was
    /// acknowledged stays, and billing (derived from the plan and the cancel instant) is the same. New jobs
    /// continue the sequence, under the id key of the store's first life, so no id is ever issued twice. A torn
    /// last record is dropped and cut (`storeReplay.tornBytes`). Not kept: planted faults' opportunity counts
    /// (the dice restart), and beatra callback delivery state (tasks still running get their callback; tasks
    /// that ended before the restart are not sent one again).
    /// - Throws: `StoreError.badData` for a file that is not a store of this dialect or has a corrupt record
    ///   before its last line; `StoreError.io` when it cannot be created, locked, read, written or cut.
    public convenience init(config: TargetConfig, storeFile path: String,
                            clock: @escaping @Sendable () -> Int64 = ReferenceTarget.monotonicNanoseconds,
                            wallClockOrigin: Int64 = ReferenceTarget.unixNanoseconds()) throws(StoreError) {
        let (file, content) = try StoreFile.open(path)
        var replay: StoreReplay
        do throws(StoreError) {
            replay = try StoreReplay(content: content, file: path)
            if let header = replay.header, header.dialect != config.dialect {
                throw StoreError.badData(file: path, line: 1, path: "$.dialect", message: "expected \"\(config.dialect.rawValue)\" "
                                         + "(this target's contract), found \"\(header.dialect.rawValue)\": the store was "
                                         + "written for another --profile")
            }
            if replay.tornBytes > 0 { try file.truncate(to: UInt64(replay.wholeLength)) }
            if replay.header == nil {
                let header = StoreRecord.Header(dialect: config.dialect, idSeed: config.idSeed ?? config.seed)
                file.append(StoreRecord.header(header).line)
                guard file.commit() else {
                    throw StoreError.io(file: path, doing: "cannot write the store header (\(file.failure ?? "closed"))", errno: nil)
                }
                file.syncDirectory()
                replay.header = header
            }
        } catch {
            file.close()
            throw error
        }
        self.init(config: config, wallClock: WallClock(monotonicOrigin: clock(), unixOrigin: wallClockOrigin),
                  clock: clock, file: file, replay: replay)
    }

    /// Puts the replayed jobs and keys back (nothing is written again) and says what was found.
    static func restore(_ replay: StoreReplay, log: StoreLog, store: JobStore, idempotency: IdempotencyStore?,
                        callbacks: CallbackDispatcher?) -> StoreReplaySummary {
        let jobs = replay.jobs.map { (sequence: $0.key, job: log.job($0.value.plan, $0.value.state)) }
        store.restore(jobs, highestSequence: replay.highestSequence)
        for key in replay.keys {
            idempotency?.restore(scope: key.scope, key: key.key, IdempotencyStore.Stored(
                fingerprint: key.fingerprint, status: key.status, body: key.body))
        }
        let now = store.now()
        var kept = 0
        for (sequence, job) in jobs where store.peek(sequence) != nil {
            kept += 1
            // A task still running has not had its callback: it gets it when it ends, as it would have.
            if let callbacks, let url = job.request.callbackURL, !job.isTerminal(at: now), let target = CallbackURL(url) {
                callbacks.register(sequence: sequence, url: url, target: target)
            }
        }
        return StoreReplaySummary(file: log.file.path, created: replay.lines == 0, lines: replay.lines,
                                  jobs: replay.jobs.count, jobsKept: kept,
                                  cancels: replay.jobs.values.filter { $0.state?.cancelRequestedUnixNs != nil }.count,
                                  keys: replay.keys.count, tornBytes: replay.tornBytes, tornLine: replay.lines + 1,
                                  length: Int(log.file.length))
    }
}
