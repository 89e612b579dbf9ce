import Foundation

/// What a run was: the plan's parameters as the summary and summary.json report them.
public struct RunDescription: Sendable {
    public var runId: String
    public var profile: String
    /// Base URL, with "(embedded)" for the reference target.
    public var target: String
    /// `closed`, or `open`.
    public var model: String
    public var concurrency: Int?
    public var rate: Double?
    public var arrival: String?
    public var jobsRequested: Int
    public var seed: UInt64
    public var cancelMix: String
    public var connections: Int
    public var outputDirectory: String
    /// Wall time of the run, seconds.
    public var elapsedSeconds: Double
    /// Why the run ended early, if it did (`interrupted`, `aborted: …`).
    public var stopReason: String?
    /// The `cancelbench` arguments that plan this run again (seed and settings), tokens left out.
    public var arguments: [String]

    /// `arguments` as one shell command line.
    public var command: String {
        (["cancelbench"] + arguments).map { a in
            a.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=,".contains($0) }) ? a : "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    public init(runId: String, profile: String, target: String, model: String, concurrency: Int?, rate: Double?,
                arrival: String?, jobsRequested: Int, seed: UInt64, cancelMix: String, connections: Int,
                outputDirectory: String, elapsedSeconds: Double, stopReason: String?, arguments: [String]) {
        self.runId = runId; self.profile = profile; self.target = target; self.model = model
        self.concurrency = concurrency; self.rate = rate; self.arrival = arrival; self.jobsRequested = jobsRequested
        self.seed = seed; self.cancelMix = cancelMix; self.connections = connections
        self.outputDirectory = outputDirectory; self.elapsedSeconds = elapsedSeconds; self.stopReason = stopReason
        self.arguments = arguments
    }
}
