/// A store file's content read back: each job's plan and latest state, the stored Idempotency-Key answers in
/// the order they were stored, and the torn tail a crash left (pure: bytes in, values out).
struct StoreReplay {
    /// What wrote the file, or nil when it holds no whole line yet (a new store).
    var header: StoreRecord.Header?
    /// Every job, with the last state record written for it (nil: never changed after its submission).
    var jobs: [UInt64: (plan: StoreRecord.Job, state: StoreRecord.State?)] = [:]
    /// The stored answers, oldest first, so replaying them rebuilds the same eviction order.
    var keys: [StoreRecord.Key] = []
    /// The highest sequence number ever issued: the next life continues after it.
    var highestSequence: UInt64 = 0
    /// Whole lines read, the header included.
    var lines = 0
    /// Bytes up to and including the last `\n`: what the file is cut back to when a record was torn.
    var wholeLength = 0
    /// Bytes after the last `\n`: a record a crash interrupted, dropped. 0 when the file ends cleanly.
    var tornBytes = 0

    /// Reads `content` (the file named `file`, for messages).
    init(content: [UInt8], file: String) throws(StoreError) {
        var start = 0
        while let newline = content[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines += 1
            let line = content[start..<newline]
            if lines == 1 && !line.starts(with: StoreReplay.headerStart) {
                throw StoreError.badData(file: file, line: 1, path: "$", message: StoreReplay.notAStore)
            }
            do throws(StoreRecord.LineError) {
                try apply(try StoreRecord(line: line))
            } catch {
                throw StoreError.badData(file: file, line: lines, path: error.path, message: error.message)
            }
            start = newline + 1
        }
        wholeLength = start
        tornBytes = content.count - start
        guard StoreReplay.looksTorn(content[start...]) else {
            if lines == 0 { throw StoreError.badData(file: file, line: 1, path: "$", message: StoreReplay.notAStore) }
            throw StoreError.badData(file: file, line: lines + 1, path: "$",
                                     message: "expected a store record (a line starting {\"t\":\"), found other text")
        }
    }

    /// How every store begins.
    private static let headerStart = Array(#"{"t":"\#(StoreRecord.headerKind)""#.utf8)
    private static let notAStore = "expected the store header {\"t\":\"\(StoreRecord.headerKind)\",…}: this file was not "
        + "written by serve --store"

    /// True when the bytes after the last newline can be the start of a record cut short by a crash: nothing,
    /// a prefix of `{"t":"…` (every record starts so), or the zeros a file system may leave past a torn write.
    /// Anything else means the file is not a store, and is not cut.
    static func looksTorn(_ tail: ArraySlice<UInt8>) -> Bool {
        let start = Array(#"{"t":""#.utf8)
        let text = tail.prefix(while: { $0 != 0 })
        guard tail.dropFirst(text.count).allSatisfy({ $0 == 0 }) else { return false }
        return text.starts(with: start) || start.starts(with: text)
    }

    /// Folds one record of line `lines` into the state, checking it against what came before.
    private mutating func apply(_ record: StoreRecord) throws(StoreRecord.LineError) {
        if lines == 1 {
            guard case .header(let header) = record else {
                throw StoreRecord.LineError(path: "$.t", message: StoreReplay.notAStore)
            }
            self.header = header
            return
        }
        switch record {
        case .header:
            throw StoreRecord.LineError(path: "$.t", message: "expected \"job\", \"state\" or \"key\", found a second header")
        case .job(let job):
            guard job.sequence > 0, jobs[job.sequence] == nil else {
                throw StoreRecord.LineError(path: "$.seq", message: job.sequence == 0
                                            ? "expected a sequence number ≥ 1, found 0"
                                            : "expected a new sequence number, found \(job.sequence) again")
            }
            jobs[job.sequence] = (job, nil)
            highestSequence = max(highestSequence, job.sequence)
        case .state(let state):
            guard jobs[state.sequence] != nil else {
                throw StoreRecord.LineError(path: "$.seq", message: "expected the sequence number of a job recorded "
                                            + "earlier, found \(state.sequence)")
            }
            jobs[state.sequence]?.state = state
        case .key(let key):
            keys.append(key)
        }
    }
}
