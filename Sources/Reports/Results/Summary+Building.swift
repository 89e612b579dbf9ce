import HdrHistogram
import LoadModel

extension Summary {
    /// What a run was, beside what it measured.
    public struct Header: Sendable {
        public var runId: String
        public var profile: String
        /// The target's URL (never its user or password), or `embedded`.
        public var target: String
        public var model: LoadModelKind
        public var jobsRequested: Int
        public var seed: UInt64
        public var cancelMix: String
        public var connections: Int
        public var elapsedSeconds: Double
        public var stopReason: String?
        /// The command that plays the run again.
        public var command: String
        public var startedAtUnixNs: Int64?
        public var shard: String?
        public var startLateNs: Int64?

        public init(runId: String, profile: String, target: String, model: LoadModelKind, jobsRequested: Int, seed: UInt64,
                    cancelMix: String, connections: Int, elapsedSeconds: Double, stopReason: String?, command: String) {
            self.runId = runId; self.profile = profile; self.target = target; self.model = model
            self.jobsRequested = jobsRequested; self.seed = seed; self.cancelMix = cancelMix; self.connections = connections
            self.elapsedSeconds = elapsedSeconds; self.stopReason = stopReason; self.command = command
        }
    }

    /// The summary of a run from its header, its tally and its verdict.
    public init(header h: Header, tally t: RunTally, invariants: [Invariant], exitCode: Int32, verdictLine: String,
                coverage: CoverageSummary, judged: String?, notes: [String], thresholds: [ThresholdSummary]?) {
        runId = h.runId
        profile = h.profile
        target = h.target
        model = h.model.name
        switch h.model {
        case .closed(let c): concurrency = c
        case .open(let r, let a, _): rate = r; arrival = a.rawValue
        }
        jobsRequested = h.jobsRequested
        startedAtUnixNs = h.startedAtUnixNs
        shard = h.shard
        startLateNs = h.startLateNs
        seed = h.seed
        cancelMix = h.cancelMix
        connectionsMax = h.connections
        elapsedSeconds = h.elapsedSeconds
        stopReason = h.stopReason
        command = h.command
        jobs = t.jobs
        jobsByEnd = Dictionary(uniqueKeysWithValues: t.jobsByEnd.map { ($0.key.rawValue, $0.value) })
        jobsByFinalState = t.jobsByFinalState
        cancelledJobs = t.cancelledJobs
        exchanges = t.exchanges
        connectionsOpened = t.connectionsOpened
        bytesOut = t.bytesOut
        bytesIn = t.bytesIn
        operations = Dictionary(uniqueKeysWithValues: t.operations.map { kind, s in
            (kind.rawValue, OperationSummary(count: s.count, ok: s.ok, fail: s.fail, errors: s.info, transportErrors: s.transportErrors,
                                             deliberateTimeouts: s.deliberateTimeouts, redirects: s.redirects, errorRate: s.errorRate,
                                             outOfRange: Int(s.latency.overflowCount), latency: Percentiles(s.latency),
                                             uncorrected: Percentiles(s.serviceTime)))
        })
        cancelLatencyByPoint = Dictionary(uniqueKeysWithValues: t.cancelLatencyByPoint.compactMap { point, h in
            h.totalCount > 0 ? (point.rawValue, LatencyStats(h)) : nil
        })
        cancelToTerminal = LatencyStats(t.cancelToTerminal)
        lateStarts = t.lateStarts
        droppedStarts = t.droppedStarts
        startLateness = LatencyStats(t.startLateness)
        cancelPoints = Dictionary(uniqueKeysWithValues: t.byPoint.map { point, p in
            (point.rawValue, PointSummary(jobs: p.jobs, stateAtCancel: p.stateAtCancel, finalState: p.finalState))
        })
        self.invariants = invariants.map { i in
            let s = t.invariants[i] ?? InvariantTally()
            return InvariantSummary(invariant: i.rawValue, name: i.name, verdict: s.verdict?.description, jobs: s.jobs,
                                    pass: s.pass, unknown: s.unknown, fail: s.fail)
        }
        violations = t.violations
        self.exitCode = exitCode
        self.verdictLine = verdictLine
        self.coverage = coverage
        self.judged = judged
        self.notes = notes
        self.thresholds = thresholds
    }
}

extension Summary.Percentiles {
    /// The percentiles summary.json keeps of a histogram.
    public init(_ h: Histogram) {
        self.init(p50: h.value(atPercentile: 50), p90: h.value(atPercentile: 90), p99: h.value(atPercentile: 99),
                  p999: h.value(atPercentile: 99.9), max: h.maxValue, mean: Int64(saturating: h.mean))
    }
}

extension Summary.LatencyStats {
    /// A histogram's count, median, 99th percentile and maximum.
    public init(_ h: Histogram) {
        self.init(count: h.totalCount, p50: h.value(atPercentile: 50), p99: h.value(atPercentile: 99), max: h.maxValue)
    }
}

extension ThresholdEvaluation {
    /// The thresholds as summary.json keeps them.
    public var summaries: [Summary.ThresholdSummary] {
        results.map { r in
            let t = r.threshold
            return Summary.ThresholdSummary(threshold: t.expression, observed: r.observed, limit: t.limit / t.unit.scale,
                                            unit: t.unit.rawValue, margin: r.margin, passed: r.passed, result: r.result, note: r.note)
        }
    }
}
