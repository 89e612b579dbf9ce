import LoadModel
import Reports

/// One published view of a run for `/metrics`: the recorder's counts and the parts of its tally the
/// exposition shows, plus the jobs in flight. A value, so the HTTP threads read it while the run goes on.
public struct MetricsSnapshot: Sendable {
    /// The labels of `cancelbench_run_info`.
    public struct Info: Sendable {
        public var runId: String
        public var profile: String
        public var target: String
        public var seed: UInt64

        /// A plan's labels.
        init(_ plan: RunPlan) {
            runId = plan.runId
            profile = plan.profile.name
            target = plan.targetName
            seed = plan.seed
        }
    }

    public var info: Info
    var counts = MetricsCounts()
    var jobsByEnd: [JobEnd: Int] = [:]
    var jobsByFinalState: [String: Int] = [:]
    var jobsInFlight = 0
    var droppedStarts = 0
    var lateStarts = 0

    init(info: Info) { self.info = info }

    init(info: Info, counts: MetricsCounts, tally: RunTally, inFlight: Int) {
        self.info = info
        self.counts = counts
        jobsByEnd = tally.jobsByEnd
        jobsByFinalState = tally.jobsByFinalState
        jobsInFlight = inFlight
        droppedStarts = tally.droppedStarts
        lateStarts = tally.lateStarts
    }

}
