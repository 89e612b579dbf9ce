import Foundation
import Testing
@testable import ReferenceTarget

/// The `cancel-reverts` fault at probability 1 on every dialect, on a fake clock: queue 100 ms, run 1000 ms, beatra
/// stop 200 ms.
@Suite struct CancelRevertsFaultTests {
    private let noSuchJob = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-job"

    @Test(arguments: Dialect.allCases.flatMap { dialect -> [(Dialect, Int64)] in [(dialect, 50), (dialect, 600)] })
    func cancelRevertsReadsCancelledThenSucceeded(dialect: Dialect, advanceMs: Int64) {
        let c = DialectClient(Fixture(dialect, faults: [.cancelReverts: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: advanceMs)
        let cancel = c.cancel(id)
        #expect(cancel.status == 200)
        // beatra stops a running task 200 ms after the request (best effort); the others stop it at once.
        let stopMs: Int64 = dialect == .beatra && advanceMs > 100 ? 200 : 0
        #expect(cancel.string("status") == (stopMs > 0 ? "running" : c.cancelledName))
        c.f.advance(ms: stopMs + 29)  // the revert comes 30–60 ms after the cancel took effect
        let before = c.read(id)
        if dialect == .ogcProcesses {
            #expect(before.status == 404 && before.string("type") == noSuchJob)  // dismissed: gone
        } else {
            #expect(before.string("status") == "cancelled")
        }
        #expect(c.truth(id)?.outcome == .cancelled)
        c.f.advance(ms: 31)
        let after = c.read(id)
        #expect(after.status == 200)  // on OGC the dismissed job is found again
        #expect(after.string("status") == c.succeededName)
        c.f.advance(ms: 5000)
        #expect(c.read(id).string("status") == c.succeededName)  // and stays so
        if dialect == .praison || dialect == .ogcProcesses {
            // Progress stays where the cancel stopped it: only the status changes.
            #expect(after.json["progress"] as? Int == (advanceMs > 100 ? 50 : 0))
        }
        if dialect == .beatra {
            #expect((after.json["billing"] as? [String: String])?["refunded_credits"] == "0.000000")
        }
    }

    @Test(arguments: Dialect.allCases)
    func cancelRevertsLeavesFinishedJobsAlone(dialect: Dialect) {
        let c = DialectClient(Fixture(dialect, faults: [.cancelReverts: 1]), dialect)
        let id = c.submit().id
        c.f.advance(ms: 2000)
        _ = c.cancel(id)  // a cancel of a finished job stops nothing, so nothing can revert
        c.f.advance(ms: 500)
        #expect(c.truth(id)?.outcome == .succeeded)
        let read = c.read(id)
        if dialect == .ogcProcesses {
            #expect(read.status == 404 && read.string("type") == noSuchJob)  // dismissed: gone, and it stays so
        } else {
            #expect(read.string("status") == c.succeededName)
        }
    }
}
