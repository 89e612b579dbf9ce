import Foundation
import LoadModel
import Reports
import Testing
@testable import Harness

/// plan.json: the plan written as typed values and read back whole; older or edited folders named as such.
@Suite struct RunPlanTests {
    @Test func aPlanReadsBackAsWritten() throws {
        var plan = try PlanFixture.plan("beatra", out: "/tmp/x")
        plan.model = .open(rate: 250.5, arrival: .poisson, maxInFlight: 900)
        plan.duration = .seconds(90)
        plan.onlyJobs = [3, 3, 7]
        plan.embedded?.faults = [.doubleRefund: 0.25]
        plan.gate.thresholds = [try Threshold.parse("cancel.p(99)<300ms")]
        plan.gate.baseline = "/tmp/base"
        plan.gate.baselineMetrics = [try Comparison.Metric.named("uncorrected.p(99)")]
        plan.outputs.junitPath = "/tmp/j.xml"
        plan.seed = UInt64.max
        let back = try RunPlan.decode(plan: plan.encoded(), profile: plan.profileBytes, planFile: "plan.json", profileFile: "profile.json")
        #expect(back.encoded() == plan.encoded())
        #expect(back.model == plan.model && back.duration == plan.duration && back.onlyJobs == plan.onlyJobs && back.seed == UInt64.max)
        #expect(back.embedded == plan.embedded && back.settings == plan.settings && back.mix == plan.mix && back.gate == plan.gate)
        #expect(back.profile.name == "beatra" && back.profileBytes == plan.profileBytes && back.outputs == plan.outputs)
    }

    @Test func aTargetIsRecordedWithoutItsPassword() throws {
        var plan = try PlanFixture.plan(out: "/tmp/x")
        plan.target = try TargetURL("http://alice:s3cret@127.0.0.1:8080/api")
        plan.embedded = nil
        let text = String(decoding: plan.encoded(), as: UTF8.self)
        #expect(text.contains("\"target\" : \"http://127.0.0.1:8080/api\"") && !text.contains("s3cret") && !text.contains("alice"))
    }

    /// Values a flag would refuse are refused in plan.json too, named by their JSON path.
    @Test(arguments: [
        ("\"concurrency\" : 16", "\"concurrency\" : 0", "$.model.concurrency", "expected 1 to 100000, found 0"),
        ("\"jobs\" : 40", "\"jobs\" : -1", "$.jobs", "expected 1 to 100000000, found -1"),
        ("\"poll_interval_ns\" : 10000000", "\"poll_interval_ns\" : 0", "$.settings", "poll_interval_ns: expected 1ms to 1h, found 0 ns"),
        ("\"seed\" : 11", "\"seed\" : \"eleven\"", "$.seed", "expected a whole number"),
        ("\"dialect\" : \"pika\"", "\"dialect\" : \"nope\"", "$.embedded.dialect", "Cannot initialize Dialect"),
    ])
    func editedValuesAreRefusedByPath(from: String, to: String, path: String, message: String) throws {
        let plan = try PlanFixture.plan(out: "/tmp/x")
        let text = String(decoding: plan.encoded(), as: UTF8.self)
        #expect(text.contains(from))
        let edited = Array(text.replacingOccurrences(of: from, with: to).utf8)
        do {
            _ = try RunPlan.decode(plan: edited, profile: plan.profileBytes, planFile: "plan.json", profileFile: "profile.json")
            Issue.record("accepted \(to)")
        } catch {
            #expect(error.file == "plan.json" && error.path == path, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func aFolderOfAnOlderFormatIsNamedAsSuch() throws {
        let dir = PlanFixture.scratch("old-format")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"run_id":"x","arguments":["run","--seed","1"],"exit_code":0}"#.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { try ResultsFolder(dir) }
        do { _ = try ResultsFolder(dir) } catch let e as DataError {
            #expect(e.file == dir + "/summary.json" && e.path == "$.format")
            #expect(e.message.contains("format 1") && e.message.contains("this cancelbench reads format 2"), "\(e)")
        }
    }

    @Test func aPlanOfAnotherFormatIsRefused() throws {
        let plan = try PlanFixture.plan(out: "/tmp/x")
        let text = String(decoding: plan.encoded(), as: UTF8.self).replacingOccurrences(of: "\"format\" : 2", with: "\"format\" : 3")
        #expect(throws: DataError(file: "plan.json", path: "$.format",
                                  message: "the results folder is format 3; this cancelbench reads format 2. Run it again with this cancelbench, or read it with the version that wrote it")) {
            try RunPlan.decode(plan: Array(text.utf8), profile: plan.profileBytes, planFile: "plan.json", profileFile: "profile.json")
        }
    }

    @Test func aBrokenProfileCopyIsNamed() throws {
        let plan = try PlanFixture.plan(out: "/tmp/x")
        do {
            _ = try RunPlan.decode(plan: plan.encoded(), profile: Array("{\"name\": 3}".utf8), planFile: "d/plan.json", profileFile: "d/profile.json")
            Issue.record("a broken profile.json was accepted")
        } catch {
            #expect(error.file == "d/profile.json", "\(error)")
        }
    }
}
