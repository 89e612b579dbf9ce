import Foundation
import Testing
@testable import ReferenceTarget

/// The read faults at probability 1, on a fake clock: queue 100 ms, run 1000 ms, beatra stop 200 ms.
@Suite struct ReadFaultTests {
    private func percent(_ answer: Answer, _ dialect: Dialect) -> Int? {
        dialect == .beatra ? (answer.json["progress"] as? [String: Any])?["percent"] as? Int
            : answer.json["progress"] as? Int
    }

    /// OGC's dismissed jobs are gone rather than terminal: OGCProcessesAPITests covers resurrect there.
    @Test(arguments: [Dialect.pika, .beatra, .praison])
    func resurrectShowsFinishedJobsLive(dialect: Dialect) {
        let c = DialectClient(Fixture(dialect, faults: [.resurrect: 1]), dialect)
        let done = c.submit().id
        let cancelled = c.submit().id
        c.f.advance(ms: 50)
        #expect(c.cancel(cancelled).string("status") == "cancelled")  // the cancel answer itself is not a read
        c.f.advance(ms: 2000)
        for id in [done, cancelled] {
            let read = c.read(id)
            #expect(read.string("status") == c.runningName)
            if dialect != .pika {
                #expect(read.json["completed_at"] is NSNull)
                #expect(read.json["started_at"] is String)
            }
            #expect(c.truth(id)?.isTerminal == true)  // stored state is still terminal
        }
        #expect(c.truth(done)?.outcome == .succeeded)
    }

    @Test(arguments: Dialect.allCases)
    func resurrectLeavesLiveJobsAlone(dialect: Dialect) {
        let c = DialectClient(Fixture(dialect, faults: [.resurrect: 1]), dialect)
        let id = c.submit().id
        #expect(c.read(id).string("status") == c.queuedName)
    }

    @Test(arguments: Dialect.allCases)
    func staleReadShowsAFinishedJobRunning(dialect: Dialect) {
        let c = DialectClient(Fixture(dialect, faults: [.staleRead: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: 1140)  // finished 40 ms ago; every read lags 50–300 ms
        #expect(c.truth(id)?.outcome == .succeeded)
        for _ in 0..<20 {
            let read = c.read(id)
            #expect(read.string("status") == c.runningName)
            if dialect != .pika {
                // The read describes 840–1090 ms after submit: 74–99 % of the run.
                #expect((74...99).contains(percent(read, dialect) ?? -1))
                if dialect == .ogcProcesses {
                    #expect(read.json["finished"] == nil)
                } else {
                    #expect(read.json["completed_at"] is NSNull)
                }
            }
        }
    }

    @Test(arguments: Dialect.allCases)
    func staleReadUndoesARecentCancel(dialect: Dialect) {
        let c = DialectClient(Fixture(dialect, faults: [.staleRead: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: 60)
        #expect(c.cancel(id).string("status") == c.cancelledName)
        c.f.advance(ms: 10)  // cancelled 10 ms ago: every read predates it (on OGC, finds the job not yet dismissed)
        let read = c.read(id)
        #expect(read.string("status") == c.queuedName)
        if dialect == .beatra { #expect(read.json["cancel_requested_at"] is NSNull) }
    }

    @Test(arguments: [Dialect.beatra, .praison, .ogcProcesses])
    func progressRegressReportsLessThanTheTruth(dialect: Dialect) {
        let c = DialectClient(Fixture(dialect, faults: [.progressRegress: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: 600)  // truly 50 %
        var seen: Set<Int> = []
        for _ in 0..<40 {
            let reported = percent(c.read(id), dialect) ?? -1
            #expect((6...25).contains(reported))  // 1/8 to 1/2 of 50 %
            seen.insert(reported)
        }
        #expect(seen.count > 1)  // it varies, so successive reads go down even when every read regresses
        #expect(c.truth(id)?.percent == 50)
        c.f.advance(ms: 1000)
        #expect(percent(c.read(id), dialect) == 100)  // terminal reads are true
    }

    @Test func workAfterCancelKeepsUsageRising() {
        let c = DialectClient(Fixture(.beatra, faults: [.workAfterCancel: 1]), .beatra)
        let id = c.submit().id
        c.f.advance(ms: 600)
        _ = c.cancel(id)
        c.f.advance(ms: 300)  // really stopped at 700 ms of the run
        // (ms to advance before the read, percent, usage credits): as if it ran on to its natural end.
        let steps: [(Int64, Int, String)] = [(0, 80, "8.000000"), (100, 90, "9.000000"), (500, 100, "10.000000")]
        for (ms, expectedPercent, credits) in steps {
            c.f.advance(ms: ms)
            let read = c.read(id)
            #expect(read.string("status") == "cancelled")
            #expect(percent(read, .beatra) == expectedPercent)
            #expect((read.json["usage"] as? [String: String])?["credits"] == credits)
            #expect((read.json["billing"] as? [String: String])?["refunded_credits"] == "3.000000")
        }
        #expect(c.truth(id)?.percent == 70)
    }

    @Test func workAfterCancelLeavesQueuedCancelsAtZero() {
        let c = DialectClient(Fixture(.beatra, faults: [.workAfterCancel: 1]), .beatra)
        let id = c.submit().id
        c.f.advance(ms: 50)
        _ = c.cancel(id)
        c.f.advance(ms: 2000)
        #expect(percent(c.read(id), .beatra) == 0)
    }
}
