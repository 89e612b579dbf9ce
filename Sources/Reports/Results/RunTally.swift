import HdrHistogram
import LoadModel

/// Counts and histograms of one operation kind.
public struct OperationStats: Sendable {
    public var count = 0
    /// 2xx answers.
    public var ok = 0
    /// 4xx answers (definite failures, often the contract's documented answer).
    public var fail = 0
    /// 5xx answers and exchanges with no answer: the errors of the error rate.
    public var info = 0
    /// 3xx answers: not followed, so the operation's effect is unknown (Jepsen's info), but a redirect is what
    /// the server chose to answer, not an error: counted apart, outside the error rate.
    public var redirects = 0
    /// Exchanges that got no HTTP answer at all.
    public var transportErrors = 0
    /// Exchanges the harness timed out on purpose (the retry-timeout probe); not counted as errors.
    public var deliberateTimeouts = 0
    /// Latency from the intended start (corrected), nanoseconds.
    public var latency = Histogram()
    /// Latency from the actual send (uncorrected), nanoseconds.
    public var serviceTime = Histogram()

    /// Share of exchanges that were errors (5xx or no answer), 0–1.
    public var errorRate: Double { count == 0 ? 0 : Double(info) / Double(count) }
}

/// Per-invariant verdict counts over jobs.
public struct InvariantTally: Sendable {
    public init(pass: Int = 0, unknown: Int = 0, fail: Int = 0) {
        self.pass = pass
        self.unknown = unknown
        self.fail = fail
    }
    public var pass = 0
    public var unknown = 0
    public var fail = 0
    /// Jobs that exercised the invariant.
    public var jobs: Int { pass + unknown + fail }
    /// The merged verdict (fail > unknown > pass); nil when no job exercised it.
    public var verdict: Verdict? { fail > 0 ? .fail : unknown > 0 ? .unknown : pass > 0 ? .pass : nil }
}

/// Everything a run's summary reports, accumulated as exchanges and jobs end; no per-request storage.
public struct RunTally: Sendable {
    public var operations: [OperationKind: OperationStats] = [:]
    public var jobs = 0
    public var jobsByEnd: [JobEnd: Int] = [:]
    /// Jobs by final canonical state ("none" when never seen terminal).
    public var jobsByFinalState: [String: Int] = [:]
    /// For each planned cancel point: how many jobs, the state seen when the cancel went out, the final state.
    public var byPoint: [CancelPoint: PointTally] = [:]
    public var invariants: [Invariant: InvariantTally] = [:]
    public var violations = 0
    public var exchanges = 0
    public var connectionsOpened = 0
    public var bytesOut = 0
    public var bytesIn = 0
    /// Cancel latency (corrected) by the job's planned cancel point.
    public var cancelLatencyByPoint: [CancelPoint: Histogram] = [:]
    /// From a cancel's 2xx answer to the first read that shows the job terminal, nanoseconds.
    public var cancelToTerminal = Histogram()
    /// Open model: how late each job's submit started against the schedule, nanoseconds.
    public var startLateness = Histogram()
    /// Open model: jobs that started more than 1 ms after their scheduled start.
    public var lateStarts = 0
    /// Open model: jobs scheduled before the run stopped submitting that never started (the in-flight cap held
    /// them back), like k6's dropped_iterations.
    public var droppedStarts = 0
    /// Jobs whose own id got at least one cancel.
    public var jobsCancelSent = 0
    /// Jobs whose first cancel went out before any read had shown them terminal (queued, running or unseen).
    public var jobsWithLiveCancel = 0
    /// What submits, reads and cancels were answered, to say why a run judged too little.
    public var diagnostics = RunDiagnostics()

    public struct PointTally: Sendable {
        public var jobs = 0
        public var stateAtCancel: [String: Int] = [:]
        public var finalState: [String: Int] = [:]
    }

    public init() {}

    public mutating func add(_ e: ExchangeRecord) {
        exchanges += 1
        bytesOut += e.bytesOut
        bytesIn += e.bytesIn
        connectionsOpened += e.newConnections
        // Mutated in place through the dictionary: copying the stats out and back copied two 360 KB
        // histograms per exchange, a quarter of a run's CPU.
        Self.count(e, into: &operations[e.kind, default: OperationStats()])
        if e.kind == .cancel, e.idUse == .job { cancelLatencyByPoint[e.cancelPoint, default: Histogram()].record(e.latency) }
    }

    public mutating func add(_ j: JobRecord, verdicts: [Invariant: Verdict]) {
        jobs += 1
        jobsByEnd[j.end, default: 0] += 1
        jobsByFinalState[j.finalState, default: 0] += 1
        var p = byPoint[j.plan.point] ?? PointTally()
        p.jobs += 1
        if j.plan.point.cancelsJob { p.stateAtCancel[j.stateAtCancel, default: 0] += 1 }
        p.finalState[j.finalState, default: 0] += 1
        byPoint[j.plan.point] = p
        for (inv, v) in verdicts {
            var t = invariants[inv] ?? InvariantTally()
            switch v {
            case .pass: t.pass += 1
            case .unknown: t.unknown += 1
            case .fail: t.fail += 1
            }
            invariants[inv] = t
        }
        violations += j.violations.count
        if j.cancels > 0 {
            jobsCancelSent += 1
            if ["queued", "running", "unseen"].contains(j.stateAtCancel) { jobsWithLiveCancel += 1 }
        }
    }

    private static func count(_ e: ExchangeRecord, into s: inout OperationStats) {
        s.count += 1
        switch e.outcome {
        case .ok: s.ok += 1
        case .fail: s.fail += 1
        case .info where e.deliberateTimeout && e.transportError == "timeout": s.deliberateTimeouts += 1
        case .info where (300...399).contains(e.httpStatus): s.redirects += 1
        case .info: s.info += 1
        }
        if e.httpStatus == 0, !(e.deliberateTimeout && e.transportError == "timeout") { s.transportErrors += 1 }
        s.latency.record(e.latency)
        s.serviceTime.record(e.serviceTime)
    }

    /// Records how late a job started against the open model's schedule.
    public mutating func addStart(lateness: Int64) {
        startLateness.record(lateness)
        if lateness > 1_000_000 { lateStarts += 1 }
    }

    /// Adds run-level verdicts for one invariant (callbacks are judged after the last job).
    public mutating func add(invariant: Invariant, verdicts: [Verdict]) {
        var t = invariants[invariant] ?? InvariantTally()
        for v in verdicts {
            switch v {
            case .pass: t.pass += 1
            case .unknown: t.unknown += 1
            case .fail: t.fail += 1
            }
        }
        invariants[invariant] = t
    }

    /// Jobs whose own id got a cancel (sent, not only planned).
    public var cancelledJobs: Int { jobsCancelSent }
}
