import Foundation
import LoadModel
import ReferenceTarget
import Testing
@testable import CancelbenchCLI

/// The harness's proof that it works: every planted bug is reported as the invariant it breaks, on every
/// profile it applies to, and a correct target (or one that is merely flaky) gives no false alarm. Serialized:
/// the cancel points aim at windows tens of milliseconds wide, which thirty runs at once on two cores miss.
@Suite(.serialized) struct FaultDetectionTests {
    /// Short simulated lives keep each run about a second, with queue and run windows still several times a
    /// cancel's round trip on a loaded 2-core machine running a debug build (or a "queued" cancel would land
    /// on a running job, and a "running" one after the end).
    static let fast = ["--queue-delay", "40ms..100ms", "--run-time", "80ms..200ms", "--poll-interval", "10ms",
                       "--cancel-deadline", "300ms", "--quiet"]

    struct Outcome {
        var code: Int32
        var invariants: Set<Int>
        var summary: [String: Any]
    }

    static func run(_ profile: String, _ extra: [String], jobs: Int = 200, seed: Int = 7) throws -> Outcome {
        let out = scratchDirectory("fault-\(profile)")
        let code = CancelbenchCLI.main(["run", "--profile", profile, "--jobs", String(jobs), "--seed", String(seed), "--out", out] + fast + extra)
        let lines = (try? readLines(out + "/violations.jsonl")) ?? []
        let invariants = Set(try lines.map { try JSONParser.parse($0)["invariant"]?.numericValue.map(Int.init) ?? 0 })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        return Outcome(code: code, invariants: invariants, summary: summary)
    }

    /// Each bug, the cancel mix that gives it the most chances, and the invariants it must be reported as (one
    /// of them).
    static let bugs: [(Fault, String, Set<Invariant>)] = [
        (.doubleRefund, "running=1", [.noDoubleRefund]),                      // a late cancel after a refunded cancel refunds again
        (.lostCancel, "queued=1", [.acknowledgedCancelSticks]),                // "cancelled", then the job completes
        (.resurrect, "none=1", [.terminalStaysTerminal]),                      // a terminal job reads as running again
        (.cancelCompleted200, "after-terminal=1", [.cancelOfFinishedJob]),     // 200 "cancelled" for a completed job
        (.nonIdempotentCancel, "running=1", [.duplicateCancelsConverge]),      // a second cancel makes a second timestamp
        (.idempotencyReplayExecutes, "replay-submit=1,duplicate-same-key=1", [.idempotencyKey]),  // a replay executes again
        (.staleRead, "none=1", [.terminalStaysTerminal]),                      // an old snapshot after a terminal read
        (.progressRegress, "none=1", [.legalTransitions]),                     // progress goes down
        (.workAfterCancel, "running=1", [.noWorkAfterCancel]),                 // usage rises after cancelled
        (.stuckCancel, "running=1", [.boundedCancellation]),                   // a cancel request that never ends
        (.duplicateCallback, "none=1", [.callbackExactlyOnce]),                // two completion callbacks
        // Cancelled, then succeeded, seen by the settle reads: read cancelled then succeeded (1), or answered
        // cancelled then read succeeded (3; OGC, whose dismissed job reads 404 in between).
        (.cancelReverts, "queued=1", [.terminalStaysTerminal, .acknowledgedCancelSticks]),
    ]

    static var matrix: [(String, String, String, [Int])] {
        bugs.flatMap { fault, mix, invariants in
            fault.dialects.sorted { $0.rawValue < $1.rawValue }.map { ($0.rawValue, fault.rawValue, mix, invariants.map(\.rawValue).sorted()) }
        }
    }

    @Test(arguments: matrix)
    func plantedBugIsReported(profile: String, fault: String, mix: String, invariants: [Int]) throws {
        // For cancel-reverts the settle reads watch 1 + 2 + 4 + 8 = 15 poll intervals (150 ms here) after the
        // verifying read; the revert comes 30–60 ms after the cancel.
        let settle = fault == Fault.cancelReverts.rawValue ? ["--settle", "4"] : []
        // beatra loses only a cancel that lands on a queued job: on a loaded machine most "queued" cancels land
        // on a running one, so that pair gets a higher rate to stay several chances above zero.
        let rate = fault == Fault.lostCancel.rawValue && profile == "beatra" ? "0.25" : "0.05"
        let r = try Self.run(profile, ["--fault", "\(fault)=\(rate)", "--cancel-mix", mix] + settle)
        #expect(r.code == 1)
        #expect(!r.invariants.isDisjoint(with: invariants), "\(fault) on \(profile): reported \(r.invariants.sorted())")
    }

    @Test(arguments: ["pika", "beatra", "praison"], [1, 2, 3])
    func cleanTargetGivesNoViolation(profile: String, seed: Int) throws {
        let r = try Self.run(profile, [], seed: seed)
        #expect(r.code == 0)
        #expect(r.invariants.isEmpty)
        #expect(r.summary["violations"] as? Int == 0)
    }

    @Test(arguments: ["pika", "beatra", "praison"])
    func noiseAloneIsIndeterminateNotAViolation(profile: String) throws {
        let r = try Self.run(profile, ["--fault", "error-5xx=0.05", "--fault", "drop-connection=0.05", "--fault", "slow=0.05"], jobs: 300)
        #expect(r.code == 0, "noise gave violations of \(r.invariants.sorted())")
        let ops = r.summary["operations"] as! [String: [String: Any]]
        let indeterminate = ops.values.reduce(0) { $0 + ($1["errors"] as! Int) }
        #expect(indeterminate > 10, "the indeterminate answers are counted")
    }
}
