import Foundation
import Harness
import HdrHistogram
import LoadModel
import Reports
import Testing
@testable import CancelbenchCLI

/// `run --shard K/N` and `merge`: three shards of a small plan merge into the unsharded run's jobs, with
/// histograms equal to ones built from every exchange; mismatched, duplicate and missing shards are refused;
/// a gate judged on the whole differs from one judged per shard.
@Suite(.serialized) struct MergeCommandTests {
    static let fast = ["--queue-delay", "10ms..30ms", "--run-time", "20ms..60ms", "--poll-interval", "5ms", "--quiet"]

    /// Runs `cancelbench` quietly; the exit code and everything it printed.
    func cli(_ args: [String]) -> (code: Int32, text: String) {
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(args, capture: capture)
        return (code, capture.out + capture.err)
    }

    func shards(_ n: Int, jobs: Int = 120, seed: Int = 11, extra: [String] = [], expect: Int32 = 0) -> [String] {
        let base = NSTemporaryDirectory() + "cb-merge-\(UUID().uuidString)"
        return (1...n).map { k in
            let dir = "\(base)/shard-\(k)"
            let r = cli(["run", "--jobs", "\(jobs)", "--seed", "\(seed)", "--shard", "\(k)/\(n)", "--out", dir] + Self.fast + extra)
            #expect(r.code == expect, "\(r.text)")
            return dir
        }
    }

    /// job number → cancel point, from a jobs.csv.
    func jobs(_ dir: String) throws -> [Int: String] {
        var out: [Int: String] = [:]
        try CSVReader(path: dir + "/jobs.csv").forEachRow(required: ["job", "cancel_point"]) { row in
            out[Int(row.string(row.index(of: "job")!))!] = row.string(row.index(of: "cancel_point")!)
        }
        return out
    }

    @Test func threeShardsMergeIntoTheWholeRunExactly() throws {
        let dirs = shards(3)
        let merged = NSTemporaryDirectory() + "cb-merged-\(UUID().uuidString)"
        let r = cli(["merge"] + dirs + ["--out", merged, "--quiet"])
        #expect(r.code == 0, "\(r.text)")
        // The same jobs, with the same cancel points, as the unsharded run of the same seed.
        let whole = NSTemporaryDirectory() + "cb-whole-\(UUID().uuidString)"
        #expect(cli(["run", "--jobs", "120", "--seed", "11", "--out", whole] + Self.fast).code == 0)
        let mergedJobs = try jobs(merged)
        #expect(mergedJobs.count == 120)
        #expect(mergedJobs == (try jobs(whole)))
        // Every percentile row of the merged histograms equals one built from the concatenated requests.csv.
        let aggregate = try RequestsAggregate.read(path: merged + "/requests.csv", bucketWidth: 1_000_000_000)
        for (i, kind) in OperationKind.allCases.enumerated() {
            let hgrm = try String(contentsOfFile: "\(merged)/\(kind.rawValue).hgrm", encoding: .utf8)
            #expect(hgrm == PercentileDistribution.text(aggregate.corrected[i]), "\(kind.rawValue).hgrm")
            let uncorrected = try String(contentsOfFile: "\(merged)/\(kind.rawValue).uncorrected.hgrm", encoding: .utf8)
            #expect(uncorrected == PercentileDistribution.text(aggregate.uncorrected[i]), "\(kind.rawValue).uncorrected.hgrm")
        }
        // Counts add; the merged summary names its shards.
        let summary = try Summary.read(resultsDirectory: merged)
        let parts = try dirs.map { try Summary.read(resultsDirectory: $0) }
        #expect(summary.exchanges == parts.map(\.exchanges).reduce(0, +))
        #expect(summary.jobs == 120)
        #expect(summary.notes.first?.hasPrefix("merged from 3 of 3 shards") == true)
        let csv = try String(contentsOfFile: merged + "/requests.csv", encoding: .utf8)
        #expect(csv.hasPrefix(ExchangeRecord.columns.joined(separator: ",") + ",shard\n"))
        // The merged folder is a results folder: check judges its history again.
        #expect(cli(["check", merged, "--quiet"]).code == 0)
    }

    @Test func mismatchedDuplicateAndMissingShardsAreRefused() throws {
        let dirs = shards(3, jobs: 30)
        let other = shards(3, jobs: 30, seed: 12)
        let out = NSTemporaryDirectory() + "cb-merged-\(UUID().uuidString)"
        let mismatched = cli(["merge", dirs[0], dirs[1], other[2], "--out", out])
        #expect(mismatched.code == 64)
        #expect(mismatched.text.contains("shards of different plans (plan.json's \"seed\" differs)"), "\(mismatched.text)")
        let twice = cli(["merge", dirs[0], dirs[1], dirs[1], "--out", out])
        #expect(twice.code == 64)
        #expect(twice.text.contains("shard 2/3 is given twice"))
        let missing = cli(["merge", dirs[0], dirs[2], "--out", out])
        #expect(missing.code == 64)
        #expect(missing.text.contains("missing shard 2/3 of 3"))
        let partial = cli(["merge", dirs[0], dirs[2], "--out", out, "--partial"])
        #expect(partial.code == 3, "a partial merge is never a PASS")
        #expect(partial.text.contains("partial merge: shard 2/3 missing"))
    }

    @Test func aGateJudgedOnTheWholeIsNotTheGateOfEachShard() throws {
        let dirs = shards(3, jobs: 60)
        // Every shard has 20 jobs: the threshold only the whole meets.
        for dir in dirs {
            let alone = cli(["merge", dir, "--partial", "--out", dir + "-alone", "--threshold", "jobs>=50", "--quiet"])
            #expect(alone.code != 0)
        }
        let out = NSTemporaryDirectory() + "cb-merged-\(UUID().uuidString)"
        let whole = cli(["merge"] + dirs + ["--out", out, "--threshold", "jobs>=50", "--junit", out + "/junit.xml"])
        #expect(whole.code == 0, "\(whole.text)")
        let failing = cli(["merge"] + dirs + ["--out", out + "-2", "--threshold", "jobs>=61"])
        #expect(failing.code == 2)
    }

    /// A shard rerun into its folder and killed leaves the earlier run's summary.json and tally.json beside its
    /// own plan.json and partial records: merging them would count the earlier run's jobs as this one's.
    @Test func aShardFolderWhoseLastRunDiedIsRefused() throws {
        let dirs = shards(3, jobs: 30)
        let rerun = shards(3, jobs: 30)
        // What a rerun killed mid-way leaves: its own plan.json, the earlier run's summary.json and tally.json.
        try FileManager.default.removeItem(atPath: dirs[1] + "/plan.json")
        try FileManager.default.copyItem(atPath: rerun[1] + "/plan.json", toPath: dirs[1] + "/plan.json")
        let out = NSTemporaryDirectory() + "cb-merged-\(UUID().uuidString)"
        let r = cli(["merge"] + dirs + ["--out", out])
        #expect(r.code == 64, "\(r.text)")
        #expect(r.text.contains("did not finish"), "\(r.text)")
        // And a run starting in a folder removes the verdict and tally of the run before it.
        let folder = NSTemporaryDirectory() + "cb-stale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["summary.json", "tally.json"] { #expect(FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data("{}".utf8))) }
        _ = try ResultsWriter(directory: folder, runId: "x")
        #expect(!FileManager.default.fileExists(atPath: folder + "/summary.json"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/tally.json"))
    }

    /// --out naming a shard's folder another way (a trailing slash, ./) would truncate its records mid-read.
    @Test func outThatIsAShardFolderSpelledAnotherWayIsRefused() throws {
        let dirs = shards(2, jobs: 20)
        let before = try String(contentsOfFile: dirs[0] + "/requests.csv", encoding: .utf8)
        for out in [dirs[0] + "/", dirs[0] + "/.", dirs[0] + "/../shard-1"] {
            let r = cli(["merge"] + dirs + ["--out", out])
            #expect(r.code == 64, "\(out): \(r.text)")
        }
        #expect(try String(contentsOfFile: dirs[0] + "/requests.csv", encoding: .utf8) == before)
    }

    /// A shard with no job or no part of a closed model's concurrency would start nothing, and the merge of
    /// the others would PASS on part of the plan.
    @Test func aShardThatWouldPlayNothingIsRefused() throws {
        let base = NSTemporaryDirectory() + "cb-empty-\(UUID().uuidString)"
        let noConcurrency = cli(["run", "--jobs", "10", "--concurrency", "2", "--shard", "3/3", "--out", base + "-c"] + Self.fast)
        #expect(noConcurrency.code == 64, "\(noConcurrency.text)")
        let noJobs = cli(["run", "--jobs", "2", "--shard", "3/3", "--out", base + "-j"] + Self.fast)
        #expect(noJobs.code == 64, "\(noJobs.text)")
        let open = cli(["run", "--jobs", "2", "--rate", "50", "--shard", "3/3", "--out", base + "-o"] + Self.fast)
        #expect(open.code == 64, "\(open.text)")
    }

    @Test(arguments: [
        // The flag and the environment must agree.
        (["--shard", "2/3", "--shards", "4"], [String: String](), "disagree"),
        (["--shard", "0/3"], [:], "1 ≤ K ≤ N"),
        (["--shard", "auto"], [:], "no shard in the environment"),
        (["--shard", "auto"], ["JOB_COMPLETION_INDEX": "1"], "give --shards N"),
        (["--shards", "2"], ["JOB_COMPLETION_INDEX": "2"], "out of range"),
        (["--shard", "auto", "--shards", "3"], ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"], "disagrees"),
    ] as [([String], [String: String], String)])
    func badShardSpecsAreUsageErrors(flags: [String], env: [String: String], message: String) throws {
        let parsed = try ParsedArguments(flags, specs: ShardOptions.specs, command: "run")
        #expect(throws: UsageError.self) { try ShardOptions.shard(parsed, environment: env) }
        do { _ = try ShardOptions.shard(parsed, environment: env) } catch { #expect(error.message.contains(message), "\(error.message)") }
    }

    @Test func theMergedJUnitNamesTheShardsViolations() throws {
        let dirs = shards(2, jobs: 80, extra: ["--fault", "lost-cancel=0.5", "--cancel-mix", "queued=1"], expect: 1)
        let out = NSTemporaryDirectory() + "cb-merged-\(UUID().uuidString)"
        let r = cli(["merge"] + dirs + ["--out", out, "--junit", out + "/junit.xml", "--quiet"])
        #expect(r.code == 1)
        let xml = try String(contentsOfFile: out + "/junit.xml", encoding: .utf8)
        #expect(xml.contains("shard 1/2, job") || xml.contains("shard 2/2, job"), "the failure says which shard and job")
    }

    @Test func theMergedMarkdownSummaryIsTheWholeRuns() throws {
        let dirs = shards(2, jobs: 40)
        let out = NSTemporaryDirectory() + "cb-merged-\(UUID().uuidString)"
        let r = cli(["merge"] + dirs + ["--out", out, "--summary-markdown", out + "/summary.md", "--quiet"])
        #expect(r.code == 0, "\(r.text)")
        let text = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(text.contains(": PASS") && text.contains("40 jobs ended"))
        #expect(text.contains("- note: merged from 2 of 2 shards"))
    }

    @Test func startAtIsCheckedAsAFlag() throws {
        let now = Date()
        func parse(_ text: String) throws -> Int64? {
            try ShardOptions.startAt(try ParsedArguments(["--start-at", text], specs: ShardOptions.specs, command: "run"), now: now)
        }
        #expect(try parse(String(now.timeIntervalSince1970 + 60)) == Int64((now.timeIntervalSince1970 + 60) * 1e9))
        let rfc3339 = ISO8601DateFormatter().string(from: now.addingTimeInterval(120))
        #expect(try parse(rfc3339) == Int64((now.addingTimeInterval(120).timeIntervalSince1970).rounded(.down) * 1e9))
        for bad in ["1e3", "tomorrow", String(now.timeIntervalSince1970 + 200_000)] {
            #expect(throws: UsageError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test(arguments: [
        (["--shards", "4"], ["JOB_COMPLETION_INDEX": "3"], "4/4"),
        (["--shard", "auto"], ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"], "2/4"),
        (["--shard", "auto"], ["SLURM_PROCID": "0", "SLURM_NTASKS": "2"], "1/2"),
        (["--shard", "3/5"], [:], "3/5"),
    ] as [([String], [String: String], String)])
    func shardsFromTheEngines(flags: [String], env: [String: String], shard: String) throws {
        let parsed = try ParsedArguments(flags, specs: ShardOptions.specs, command: "run")
        #expect(try ShardOptions.shard(parsed, environment: env).description == shard)
    }
}

/// `run --workers N`: N processes, one reference target, one merged folder (the built executable is run, since
/// the workers are processes of it).
@Suite struct WorkerPoolTests {
    static let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/cancelbench").path

    @Test func twoWorkersGiveOneMergedFolder() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            Issue.record("\(Self.executable) is missing: build it (swift build) before the tests")
            return
        }
        let out = NSTemporaryDirectory() + "cb-workers-\(UUID().uuidString)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.executable)
        p.arguments = ["run", "--workers", "2", "--jobs", "80", "--seed", "4", "--out", out,
                       "--threshold", "jobs==80"] + MergeCommandTests.fast
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let summary = try Summary.read(resultsDirectory: out)
        #expect(summary.jobs == 80 && summary.exitCode == 0)
        for k in 1...2 {
            let shard = try Summary.read(resultsDirectory: "\(out)/shard-\(k)")
            #expect(shard.shard == "\(k)/2" && shard.jobs == 40)
        }
        #expect(WorkerPool.strip(["--workers", "2", "--jobs", "5", "--fault=lost-cancel", "--quiet", "--seed", "1", "--poll-interval", "5ms"])
                == ["--jobs", "5", "--poll-interval", "5ms"])
    }
}

/// Without `--workers`: one process per core only where the server cannot be sharing this machine's cores.
@Suite struct DefaultWorkersTests {
    @Test(arguments: [
        ("http://jobs.example.com:8080", Shard.whole, false, false, 4),   // remote: one per core
        ("https://10.0.0.7", Shard.whole, false, false, 4),              // a private address is still another machine
        ("http://127.0.0.1:8080", Shard.whole, false, false, 1),         // loopback: the server needs the cores
        ("http://127.8.9.10:8080", Shard.whole, false, false, 1),        // all of 127.0.0.0/8
        ("http://localhost:8080", Shard.whole, false, false, 1),
        ("http://api.localhost:8080", Shard.whole, false, false, 1),     // *.localhost resolves to loopback
        ("http://[::1]:8080", Shard.whole, false, false, 1),
        ("http://jobs.example.com", Shard(index: 1, count: 2)!, false, false, 1),  // a shard was placed by its engine
        ("http://jobs.example.com", Shard.whole, true, false, 1),        // --abort-on-fail needs one process
        ("http://jobs.example.com", Shard.whole, false, true, 1),        // --job replays in one process
    ] as [(String, Shard, Bool, Bool, Int)])
    func remoteTargetsGetACorePerWorker(url: String, shard: Shard, abortOnFail: Bool, replaysJobs: Bool, expected: Int) throws {
        let target = try TargetURL(url)
        #expect(RunCommand.defaultWorkers(target: target, shard: shard, abortOnFail: abortOnFail, replaysJobs: replaysJobs, cores: 4) == expected)
    }

    /// Parsed as a user types it (nothing is sent): the default applies, and `--workers` overrides it.
    @Test func runParsesToTheDefault() throws {
        let cores = min(ProcessInfo.processInfo.activeProcessorCount, 50)
        func workers(_ extra: [String], jobs: Int = 50) throws -> Int {
            let args = try ParsedArguments(["--target", "http://jobs.example.com", "--profile", "pika", "--jobs", String(jobs)] + extra,
                                           specs: RunCommand.options, command: "run")
            return try RunCommand(args).workers
        }
        #expect(try workers([]) == cores)
        #expect(try workers(["--workers", "1"]) == 1)
        #expect(try workers([], jobs: 1) == 1)  // never more workers than jobs
    }

    @Test func theEmbeddedTargetKeepsOneProcess() {
        #expect(RunCommand.defaultWorkers(target: nil, shard: .whole, abortOnFail: false, replaysJobs: false, cores: 8) == 1)
    }

    @Test func aHostThatOnlyLooksLikeLoopbackIsRemote() throws {
        #expect(try TargetURL("http://127.0.0.1.example.com").isLoopback == false)
        #expect(try TargetURL("http://128.0.0.1").isLoopback == false)
        #expect(try TargetURL("http://127.0.0.256").isLoopback == false)
    }
}
