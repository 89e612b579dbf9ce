import Foundation
import LoadModel
import Reports
import Synchronization
import Testing
@testable import Harness

/// The engine run directly with a plan: no command line, no flags.
@Suite struct RunEngineTests {
    @Test func aPlanRunsToAPassAndItsFolderDescribesIt() throws {
        let out = PlanFixture.scratch("engine")
        let plan = try PlanFixture.plan(jobs: 40, out: out)
        let notes = Mutex<[String]>([])
        let last = Mutex<RunProgress?>(nil)
        let engine = RunEngine(plan: plan, credentials: .embedded,
                               observer: RunObserver(note: { n in notes.withLock { $0.append(n) } },
                                                     progress: { p in last.withLock { $0 = p } }))
        let outcome = try engine.run()
        #expect(outcome.code == .pass, "\(outcome.report)")
        #expect(outcome.summary.jobs == 40 && outcome.summary.exitCode == 0 && outcome.stop == nil)
        #expect(outcome.summary.jobsByEnd["terminal"] == 40)
        #expect(outcome.report.contains("verdict: PASS: 0 violations → exit 0"))
        #expect(notes.withLock { $0 }.first?.contains("40 pika jobs against embedded reference target") == true)
        #expect(last.withLock { $0 }?.finished == true && last.withLock { $0 }?.done == 40)
        // The folder: plan.json reads back as this plan, profile.json is the profile byte for byte, and
        // summary.json is the outcome's summary.
        let folder = try ResultsFolder(out)
        #expect(folder.plan.encoded() == plan.encoded())
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: out + "/profile.json"))) == plan.profileBytes)
        #expect(try Summary.read(resultsDirectory: out) == outcome.summary)
    }

    @Test func aStopBeforeTheFirstTurnIsInterrupted() throws {
        let out = PlanFixture.scratch("engine-stop")
        let stop = StopSignal()
        stop.raise()
        let outcome = try RunEngine(plan: try PlanFixture.plan(jobs: 1000, out: out), credentials: .embedded, stopSignal: stop).run()
        #expect(outcome.code == .interrupted && outcome.stop == .interrupted)
        #expect(outcome.summary.stopReason == "interrupted" && outcome.summary.jobs < 1000)
    }

    @Test func thresholdsAndFaultsComeFromThePlan() throws {
        let out = PlanFixture.scratch("engine-gate")
        var plan = try PlanFixture.plan("praison", jobs: 60, out: out)
        plan.embedded?.faults = [.cancelCompleted200: 0.5]
        plan.mix = try CancelMix(parsing: "after-terminal=1")
        plan.gate.thresholds = [try Threshold.parse("violations==0")]
        let outcome = try RunEngine(plan: plan, credentials: .embedded).run()
        #expect(outcome.code == .violation, "\(outcome.report)")
        #expect(outcome.summary.thresholds?.first?.passed == false)
        #expect(outcome.summary.invariants.contains { $0.invariant == Invariant.cancelOfFinishedJob.rawValue && $0.fail > 0 })
    }
}
