import Foundation
import LoadModel
import Reports

/// `cancelbench merge`: the results folders of a plan's shards combined into the results folder of the whole
/// run, exactly. Tallies add (histograms at full resolution, from each shard's tally.json), so the merged
/// percentiles are read from merged histograms; records are concatenated with a shard column, times moved onto
/// one clock; the verdict, thresholds, JUnit and baseline are judged on the whole, as one run.
public struct Merge {
    /// What to merge, where, and the gate to judge the whole by.
    public struct Plan: Sendable {
        public var directories: [String]
        public var out: String
        /// Merge without the missing shards, saying which in every output.
        public var partial: Bool
        public var gate: RunPlan.Gate
        public var junitPath: String?
        /// The merged run's summary as Markdown, if asked for.
        public var markdownPath: String?

        public init(directories: [String], out: String, partial: Bool = false, gate: RunPlan.Gate = RunPlan.Gate(), junitPath: String? = nil,
                    markdownPath: String? = nil) {
            self.directories = directories
            self.out = out
            self.partial = partial
            self.gate = gate
            self.junitPath = junitPath
            self.markdownPath = markdownPath
        }
    }

    /// One shard's folder, read.
    struct Part {
        var directory: String
        var plan: RunPlan
        var summary: Summary
        var tally: RunTally
    }

    public let plan: Plan

    public init(plan: Plan) { self.plan = plan }

    /// Reads and checks the shards (usage errors for mismatched, duplicate or missing shards), then writes the
    /// merged folder and judges it.
    public func run() throws -> RunOutcome {
        let out = Self.resolved(plan.out)
        if let same = plan.directories.first(where: { Self.resolved($0) == out }) {
            throw UsageError("--out \(plan.out) is the shard folder \(same); give a new folder (the merge would overwrite the shard's records while reading them)")
        }
        let parts = try plan.directories.map(Self.read)
        let (global, missing) = try Self.check(parts, partial: plan.partial)
        return try write(parts: parts.sorted { $0.plan.shard.index < $1.plan.shard.index }, global: global, missing: missing)
    }

    static func read(_ dir: String) throws -> Part {
        let folder = try ResultsFolder(dir)
        let summary = try Summary.read(resultsDirectory: dir)
        guard let bytes = FileManager.default.contents(atPath: dir + "/tally.json") else {
            throw UsageError("\(dir): no tally.json; only runs of this version keep the full histograms a merge needs")
        }
        let tally = try RunTally(fileBytes: Array(bytes), path: dir + "/tally.json")
        // A run that died (SIGKILL, OOM, a node lost) leaves the summary.json and tally.json of an earlier run
        // in the same folder beside its own plan.json and partial records: they are not this run's.
        guard summary.runId == folder.plan.runId else {
            throw UsageError("\(dir): its summary.json is of run \(summary.runId) but its plan.json of run \(folder.plan.runId): the last run in this folder did not finish (killed?), so its results are not there")
        }
        return Part(directory: dir, plan: folder.plan, summary: summary, tally: tally)
    }

    /// The global plan the shards share, and the shards missing from the set; a usage error when the folders
    /// are not the shards of one plan.
    static func check(_ parts: [Part], partial: Bool) throws(UsageError) -> (RunPlan, [Shard]) {
        guard let first = parts.first else { throw UsageError("merge needs at least one results folder") }
        let identity = Self.identity(first.plan)
        let count = first.plan.shard.count
        var seen: [Int: String] = [:]
        for p in parts {
            if p.plan.shard.count != count {
                throw UsageError("\(p.directory) is shard \(p.plan.shard) but \(first.directory) is shard \(first.plan.shard): not the shards of one plan")
            }
            if Self.identity(p.plan) != identity || p.plan.profileBytes != first.plan.profileBytes {
                throw UsageError("\(p.directory) and \(first.directory) are shards of different plans (\(Self.difference(first.plan, p.plan))); every shard must get the same seed, jobs, profile and flags")
            }
            if let other = seen[p.plan.shard.index] {
                throw UsageError("shard \(p.plan.shard) is given twice: \(other) and \(p.directory)")
            }
            seen[p.plan.shard.index] = p.directory
        }
        let missing = (0..<count).filter { seen[$0] == nil }.map { Shard(index: $0, count: count)! }
        if !missing.isEmpty, !partial {
            throw UsageError("missing shard\(missing.count > 1 ? "s" : "") \(missing.map(\.description).joined(separator: ", ")) of \(count); give every shard's folder, or --partial to merge without \(missing.count > 1 ? "them" : "it")")
        }
        var global = first.plan
        global.shard = .whole
        global.startAt = nil
        return (global, missing)
    }

    /// A folder's path with `.`, `..`, a trailing slash and symbolic links resolved, to compare folders.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// A plan with what may differ between shards left out: its run id, shard, start time, outputs, gate and
    /// connections (by default a shard's share of the concurrency).
    static func identity(_ plan: RunPlan) -> [UInt8] {
        var p = plan
        p.runId = ""
        p.connections = 1
        p.shard = .whole
        p.startAt = nil
        p.outputs = .init(directory: "", junitPath: nil)
        p.gate = RunPlan.Gate()
        return p.encoded()
    }

    /// The first plan.json key whose value differs, for the message.
    static func difference(_ a: RunPlan, _ b: RunPlan) -> String {
        if a.profileBytes != b.profileBytes { return "their profile.json differ" }
        func members(_ p: RunPlan) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(identity(p)))) as? [String: Any] ?? [:]
        }
        let x = members(a), y = members(b)
        for key in Set(x.keys).union(y.keys).sorted() {
            let same = (x[key] as? NSObject).map { l in (y[key] as? NSObject).map { l.isEqual($0) } ?? false } ?? (y[key] == nil)
            if !same { return "plan.json's \"\(key)\" differs" }
        }
        return "their plans differ"
    }
}
