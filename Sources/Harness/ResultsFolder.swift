import Foundation
import LoadModel
import Reports

/// A results folder read back: its plan (plan.json, with profile.json beside it) and the files a check or a
/// replay needs. Nothing is taken from the command line that made it or from today's profile files.
public struct ResultsFolder: Sendable {
    public let directory: String
    public let plan: RunPlan

    /// Reads `directory`'s plan. A folder with no summary.json or plan.json is a usage error; a folder of
    /// another format, or a plan or profile that does not read, is a `DataError` naming the file.
    public init(_ directory: String) throws {
        self.directory = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("'\(directory)' is not a results folder: no such folder")
        }
        let planFile = directory + "/plan.json", profileFile = directory + "/profile.json"
        guard let planBytes = FileManager.default.contents(atPath: planFile) else {
            // A folder of an older cancelbench has a summary.json whose format says which it is.
            let summaryFile = directory + "/summary.json"
            if let summary = FileManager.default.contents(atPath: summaryFile) {
                try ResultsFormat.check(Array(summary), file: summaryFile)
            }
            throw UsageError("'\(directory)' is not a results folder: no plan.json in it")
        }
        guard let profileBytes = FileManager.default.contents(atPath: profileFile) else {
            try ResultsFormat.check(Array(planBytes), file: planFile)
            throw DataError(file: profileFile, path: "$", message: "missing; plan.json's profile is kept beside it, byte for byte")
        }
        plan = try RunPlan.decode(plan: Array(planBytes), profile: Array(profileBytes), planFile: planFile, profileFile: profileFile)
    }

    /// A job's number from its number or its API id (looked up in jobs.csv).
    public func jobNumber(_ text: String) throws(UsageError) -> Int {
        if let n = Int(text), n >= 0 { return n }
        guard let csv = try? String(contentsOfFile: directory + "/jobs.csv", encoding: .utf8) else {
            throw UsageError("--job: '\(text)' is not a job number, and \(directory)/jobs.csv cannot be read to find it as a job_id")
        }
        for line in csv.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: ",", omittingEmptySubsequences: false)
            if cols.count > 2, cols[2] == text, let n = Int(cols[1]) { return n }
        }
        throw UsageError("--job: no job with number or job_id '\(text)' in \(directory)/jobs.csv")
    }

    /// The plan of a replay: the same seed, settings and cancel points, a new run id and results folder;
    /// with `jobs`, only those jobs of the plan (each as many times as listed). The gate is left out: its
    /// thresholds judge a whole run's numbers, not a replayed job's.
    public func replayPlan(jobs: [Int]?, out: String?, target: TargetURL?) throws(UsageError) -> RunPlan {
        var p = plan
        if let target {
            guard p.target != nil else {
                throw UsageError("--target: the recorded run used the embedded target; a replay plays it there again")
            }
            p.target = target
        }
        p.runId = RunID.make()
        // The nemesis's windows were timed to the whole run, and --target-cmd may have held a token (recorded
        // redacted): a replay plays the jobs against a target started by the user.
        p.chaos = nil
        if let jobs { p.onlyJobs = jobs }
        p.gate = RunPlan.Gate()
        p.outputs = RunPlan.Outputs(directory: out ?? "\(directory)/replay-\(p.runId)")
        return p
    }
}
