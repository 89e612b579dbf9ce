import Testing
import LoadModel
@testable import Reports

/// What a run must have judged before its verdict means anything, and how the shortfall is worded.
@Suite struct CoverageTests {
    static let coverage = Coverage(context: .init(submitIdPath: "$.jobid", statusPath: "$.status", jobTimeout: "--job-timeout 30s", fileLimit: 1024))

    /// A tally of `jobs` accepted jobs, `terminal` of them read to their end, the rest timed out.
    static func tally(jobs: Int, terminal: Int, exercised: Int = 8, liveCancels: Int = 0, accepted cancels: Int = 1) -> RunTally {
        var t = RunTally()
        t.jobs = jobs
        t.jobsByEnd[.terminal] = terminal
        if jobs > terminal { t.jobsByEnd[.timedOut] = jobs - terminal }
        t.diagnostics.submitsAccepted = jobs
        t.diagnostics.readsWithStatus = jobs * 5
        t.diagnostics.cancelsAccepted = cancels
        t.jobsWithLiveCancel = liveCancels
        for i in Invariant.allCases.prefix(exercised) { t.invariants[i] = InvariantTally(pass: 1) }
        return t
    }

    @Test(arguments: [
        // Every job read to its end, enough invariants: nothing missing.
        (tally(jobs: 100, terminal: 100), nil),
        // One job given up: with the default 100%, indeterminate, saying how to accept it.
        (tally(jobs: 100, terminal: 99), "only 99 of 100 accepted jobs were read to a terminal state (minimum 100%): the harness gave up on 1 not terminal within --job-timeout 30s (or their cancel deadline); raise --job-timeout, or accept it with --min-terminal 99%"),
        // Judged, but only one invariant.
        (tally(jobs: 10, terminal: 10, exercised: 1), "only 1 invariant was exercised (minimum 2, --min-invariants)"),
        // Five jobs cancelled while live, none accepted: the cancel call does not fit.
        (tally(jobs: 10, terminal: 10, liveCancels: 5, accepted: 0), "none of the cancels sent to 5 jobs not yet seen terminal was accepted"),
        // Four may each have lost a race with the job's end: not yet telling.
        (tally(jobs: 10, terminal: 10, liveCancels: 4, accepted: 0), nil),
        // Nothing ran.
        (tally(jobs: 0, terminal: 0), "no job was started"),
    ] as [(RunTally, String?)])
    func shortfalls(tally: RunTally, first: String?) {
        let found = Self.coverage.shortfalls(tally)
        if let first { #expect(found.first?.hasPrefix(first) == true, "\(found)") } else { #expect(found.isEmpty, "\(found)") }
    }

    @Test func aLowerMinimumAcceptsJobsGivenUp() {
        let lenient = Coverage(minTerminal: 0.9, minInvariants: 2, context: Self.coverage.context)
        #expect(lenient.shortfalls(Self.tally(jobs: 100, terminal: 90)).isEmpty)
        #expect(!lenient.shortfalls(Self.tally(jobs: 100, terminal: 89)).isEmpty)
        #expect(lenient.line(Self.tally(jobs: 100, terminal: 90), invariants: 11)
                == "90 of 100 accepted jobs read to a terminal state (minimum 90%); 8 of 11 invariants exercised (minimum 2)")
    }

    @Test func theHarnessRunningOutOfDescriptorsIsSaidFirst() {
        var t = Self.tally(jobs: 10, terminal: 10)
        t.diagnostics.errors["client-fd-limit"] = 3
        #expect(Self.coverage.shortfalls(t).first == "the harness ran out of file descriptors on 3 exchanges (its limit is 1024, ulimit -n): lower --connections or raise the limit")
    }
}
