import Foundation
import HdrHistogram
import LoadModel

/// tally.json: everything a run's summary is computed from, losslessly — counts, and every histogram at full
/// resolution (HdrHistogram's compressed V2 encoding in base64, beside its exact extremes, sum and overflow).
/// Tallies add: `cancelbench merge` adds the shards' tallies and computes the merged summary from the sum, so
/// percentiles come from merged histograms, never from averaged percentiles.
extension RunTally {
    /// The file's shape (keys as written).
    struct File: Codable {
        var format = 1
        var operations: [String: Stats]
        var jobs: Int
        var jobsByEnd: [String: Int]
        var jobsByFinalState: [String: Int]
        var byPoint: [String: Point]
        var invariants: [String: [Int]]
        var violations: Int
        var exchanges: Int
        var connectionsOpened: Int
        var bytesOut: Int
        var bytesIn: Int
        var cancelLatencyByPoint: [String: Hist]
        var cancelToTerminal: Hist
        var startLateness: Hist
        var lateStarts: Int
        var droppedStarts: Int
        var jobsCancelSent: Int
        var jobsWithLiveCancel: Int
        var diagnostics: Diagnostics

        struct Stats: Codable {
            var count, ok, fail, info, redirects, transportErrors, deliberateTimeouts: Int
            var latency, serviceTime: Hist
        }
        struct Point: Codable {
            var jobs: Int
            var stateAtCancel, finalState: [String: Int]
        }
        struct Hist: Codable {
            var counts: String
            var extras: HistogramExtras
        }
        struct Diagnostics: Codable {
            var submitsAccepted, submitsWithoutId, readsWithStatus, readsWithoutStatus, cancelsAccepted: Int
            var submitsRefused, readsFailed, cancelsRefused: [String: Int]
            var errors: [String: Int]
            var firstSubmitWithoutId, firstReadWithoutStatus: String?
        }
    }

    /// tally.json's bytes.
    public func fileBytes() -> [UInt8] {
        func h(_ x: Histogram) -> File.Hist { File.Hist(counts: HistogramEncoding.encodeBase64(x), extras: x.extras) }
        func codes(_ d: [Int: Int]) -> [String: Int] { Dictionary(uniqueKeysWithValues: d.map { (String($0.key), $0.value) }) }
        let d = diagnostics
        let file = File(
            operations: Dictionary(uniqueKeysWithValues: operations.map { kind, s in
                (kind.rawValue, File.Stats(count: s.count, ok: s.ok, fail: s.fail, info: s.info, redirects: s.redirects,
                                           transportErrors: s.transportErrors, deliberateTimeouts: s.deliberateTimeouts,
                                           latency: h(s.latency), serviceTime: h(s.serviceTime)))
            }),
            jobs: jobs, jobsByEnd: Dictionary(uniqueKeysWithValues: jobsByEnd.map { ($0.key.rawValue, $0.value) }),
            jobsByFinalState: jobsByFinalState,
            byPoint: Dictionary(uniqueKeysWithValues: byPoint.map { ($0.key.rawValue, File.Point(jobs: $0.value.jobs, stateAtCancel: $0.value.stateAtCancel, finalState: $0.value.finalState)) }),
            invariants: Dictionary(uniqueKeysWithValues: invariants.map { (String($0.key.rawValue), [$0.value.pass, $0.value.unknown, $0.value.fail]) }),
            violations: violations, exchanges: exchanges, connectionsOpened: connectionsOpened, bytesOut: bytesOut, bytesIn: bytesIn,
            cancelLatencyByPoint: Dictionary(uniqueKeysWithValues: cancelLatencyByPoint.map { ($0.key.rawValue, h($0.value)) }),
            cancelToTerminal: h(cancelToTerminal), startLateness: h(startLateness), lateStarts: lateStarts, droppedStarts: droppedStarts,
            jobsCancelSent: jobsCancelSent, jobsWithLiveCancel: jobsWithLiveCancel,
            diagnostics: File.Diagnostics(submitsAccepted: d.submitsAccepted, submitsWithoutId: d.submitsWithoutId,
                                          readsWithStatus: d.readsWithStatus, readsWithoutStatus: d.readsWithoutStatus,
                                          cancelsAccepted: d.cancelsAccepted, submitsRefused: codes(d.submitsRefused),
                                          readsFailed: codes(d.readsFailed), cancelsRefused: codes(d.cancelsRefused), errors: d.errors,
                                          firstSubmitWithoutId: d.firstSubmitWithoutId, firstReadWithoutStatus: d.firstReadWithoutStatus))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(file) else { preconditionFailure("a tally always encodes") }
        return Array(data) + [0x0A]
    }

    /// Reads tally.json; `DataError` names the file and what is wrong.
    public init(fileBytes bytes: [UInt8], path: String) throws(DataError) {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
            throw DataError(file: path, path: "$", message: "not a tally this build reads: \(error)")
        }
        guard file.format == 1 else { throw DataError(file: path, path: "$.format", message: "expected format 1, found \(file.format)") }
        func h(_ x: File.Hist, _ at: String) throws(DataError) -> Histogram {
            do {
                var histogram = try HistogramEncoding.decodeBase64(x.counts)
                histogram.restore(x.extras)
                return histogram
            } catch {
                throw DataError(file: path, path: at, message: "not an HdrHistogram V2 encoding: \(error)")
            }
        }
        func key<T: RawRepresentable>(_ raw: String, _ at: String) throws(DataError) -> T where T.RawValue == String {
            guard let k = T(rawValue: raw) else { throw DataError(file: path, path: at, message: "unknown name \(DisplayText.quoted(raw))") }
            return k
        }
        func codes(_ d: [String: Int], _ at: String) throws(DataError) -> [Int: Int] {
            var out: [Int: Int] = [:]
            for (k, v) in d {
                guard let code = Int(k) else { throw DataError(file: path, path: at, message: "expected an HTTP status, found \(DisplayText.quoted(k))") }
                out[code] = v
            }
            return out
        }
        self.init()
        for (name, s) in file.operations {
            let kind: OperationKind = try key(name, "$.operations")
            var stats = OperationStats()
            stats.count = s.count; stats.ok = s.ok; stats.fail = s.fail; stats.info = s.info; stats.redirects = s.redirects
            stats.transportErrors = s.transportErrors; stats.deliberateTimeouts = s.deliberateTimeouts
            stats.latency = try h(s.latency, "$.operations.\(name).latency")
            stats.serviceTime = try h(s.serviceTime, "$.operations.\(name).serviceTime")
            operations[kind] = stats
        }
        jobs = file.jobs
        for (name, n) in file.jobsByEnd { jobsByEnd[try key(name, "$.jobsByEnd") as JobEnd] = n }
        jobsByFinalState = file.jobsByFinalState
        for (name, p) in file.byPoint {
            byPoint[try key(name, "$.byPoint") as CancelPoint] = PointTally(jobs: p.jobs, stateAtCancel: p.stateAtCancel, finalState: p.finalState)
        }
        for (number, counts) in file.invariants {
            guard let n = Int(number), let inv = Invariant(rawValue: n), counts.count == 3 else {
                throw DataError(file: path, path: "$.invariants", message: "expected invariant numbers with [pass, unknown, fail], found \(DisplayText.quoted(number))")
            }
            invariants[inv] = InvariantTally(pass: counts[0], unknown: counts[1], fail: counts[2])
        }
        violations = file.violations; exchanges = file.exchanges; connectionsOpened = file.connectionsOpened
        bytesOut = file.bytesOut; bytesIn = file.bytesIn
        for (name, x) in file.cancelLatencyByPoint {
            cancelLatencyByPoint[try key(name, "$.cancelLatencyByPoint") as CancelPoint] = try h(x, "$.cancelLatencyByPoint.\(name)")
        }
        cancelToTerminal = try h(file.cancelToTerminal, "$.cancelToTerminal")
        startLateness = try h(file.startLateness, "$.startLateness")
        lateStarts = file.lateStarts; droppedStarts = file.droppedStarts
        jobsCancelSent = file.jobsCancelSent; jobsWithLiveCancel = file.jobsWithLiveCancel
        let d = file.diagnostics
        diagnostics.submitsAccepted = d.submitsAccepted; diagnostics.submitsWithoutId = d.submitsWithoutId
        diagnostics.readsWithStatus = d.readsWithStatus; diagnostics.readsWithoutStatus = d.readsWithoutStatus
        diagnostics.cancelsAccepted = d.cancelsAccepted
        diagnostics.submitsRefused = try codes(d.submitsRefused, "$.diagnostics.submitsRefused")
        diagnostics.readsFailed = try codes(d.readsFailed, "$.diagnostics.readsFailed")
        diagnostics.cancelsRefused = try codes(d.cancelsRefused, "$.diagnostics.cancelsRefused")
        diagnostics.errors = d.errors
        diagnostics.firstSubmitWithoutId = d.firstSubmitWithoutId
        diagnostics.firstReadWithoutStatus = d.firstReadWithoutStatus
    }

    /// Adds another run's tally (a shard of the same plan): counts add, histograms add.
    public mutating func merge(_ o: RunTally) {
        for (kind, s) in o.operations {
            var t = operations[kind] ?? OperationStats()
            t.count += s.count; t.ok += s.ok; t.fail += s.fail; t.info += s.info; t.redirects += s.redirects
            t.transportErrors += s.transportErrors; t.deliberateTimeouts += s.deliberateTimeouts
            t.latency.add(s.latency); t.serviceTime.add(s.serviceTime)
            operations[kind] = t
        }
        jobs += o.jobs
        jobsByEnd.merge(o.jobsByEnd, uniquingKeysWith: +)
        jobsByFinalState.merge(o.jobsByFinalState, uniquingKeysWith: +)
        for (point, p) in o.byPoint {
            var t = byPoint[point] ?? PointTally()
            t.jobs += p.jobs
            t.stateAtCancel.merge(p.stateAtCancel, uniquingKeysWith: +)
            t.finalState.merge(p.finalState, uniquingKeysWith: +)
            byPoint[point] = t
        }
        for (inv, v) in o.invariants {
            let t = invariants[inv] ?? InvariantTally()
            invariants[inv] = InvariantTally(pass: t.pass + v.pass, unknown: t.unknown + v.unknown, fail: t.fail + v.fail)
        }
        violations += o.violations; exchanges += o.exchanges; connectionsOpened += o.connectionsOpened
        bytesOut += o.bytesOut; bytesIn += o.bytesIn
        for (point, x) in o.cancelLatencyByPoint { cancelLatencyByPoint[point, default: Histogram()].add(x) }
        cancelToTerminal.add(o.cancelToTerminal)
        startLateness.add(o.startLateness)
        lateStarts += o.lateStarts; droppedStarts += o.droppedStarts
        jobsCancelSent += o.jobsCancelSent; jobsWithLiveCancel += o.jobsWithLiveCancel
        diagnostics.merge(o.diagnostics)
    }
}

extension RunDiagnostics {
    /// Adds another run's diagnostics; the first examples kept are this run's, else the other's.
    public mutating func merge(_ o: RunDiagnostics) {
        submitsAccepted += o.submitsAccepted; submitsWithoutId += o.submitsWithoutId
        readsWithStatus += o.readsWithStatus; readsWithoutStatus += o.readsWithoutStatus; cancelsAccepted += o.cancelsAccepted
        submitsRefused.merge(o.submitsRefused, uniquingKeysWith: +)
        readsFailed.merge(o.readsFailed, uniquingKeysWith: +)
        cancelsRefused.merge(o.cancelsRefused, uniquingKeysWith: +)
        errors.merge(o.errors, uniquingKeysWith: +)
        firstSubmitWithoutId = firstSubmitWithoutId ?? o.firstSubmitWithoutId
        firstReadWithoutStatus = firstReadWithoutStatus ?? o.firstReadWithoutStatus
    }
}
