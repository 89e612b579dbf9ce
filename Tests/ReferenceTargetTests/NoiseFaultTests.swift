import Foundation
import HTTPServer
import Testing
@testable import ReferenceTarget

/// The noise faults at probability 1: 5xx and dropped connections before or after executing, slow answers.
@Suite struct NoiseFaultTests {
    /// The submit path of each dialect, with a body it accepts.
    private func submitTarget(_ dialect: Dialect) -> (path: String, body: String) {
        switch dialect {
        case .pika: return ("/v1/pika/create", "{}")
        case .beatra: return ("/v1/tasks", "")
        case .praison: return ("/api/v1/runs", #"{"prompt":"p"}"#)
        case .ogcProcesses: return ("/processes/sleep/execution", #"{"inputs":{}}"#)
        }
    }

    /// How many of jobs 1...n exist in the store (reads through the API would be noisy too).
    private func created(_ f: Fixture, upTo n: UInt64) -> Int {
        (1...n).filter { f.target.store.peek($0) != nil }.count
    }

    @Test(arguments: Dialect.allCases)
    func error5xxHappensBeforeOrAfterExecuting(dialect: Dialect) {
        let f = Fixture(dialect, faults: [.error5xx: 1])
        let (path, body) = submitTarget(dialect)
        var executed: [Bool] = []
        var statuses: Set<Int> = []
        for n in 1...40 as ClosedRange<UInt64> {
            let before = created(f, upTo: n)
            let answer = Answer(f.reply("POST", path, body: body))
            statuses.insert(answer.status)
            #expect(!answer.json.isEmpty)  // a small JSON body
            executed.append(created(f, upTo: n) > before)
        }
        #expect(statuses == [500, 503])
        #expect(executed.contains(true) && executed.contains(false))  // the client cannot tell which
    }

    @Test(arguments: Dialect.allCases)
    func error5xxOnCancelSometimesCancels(dialect: Dialect) {
        let f = Fixture(dialect, faults: [.error5xx: 1])
        let ids = (0..<40).map { _ in JobID(dialect: dialect, seed: 7).format(f.target.store.create().sequence) }
        let c = DialectClient(f, dialect)
        let cancelled = ids.map { id in
            #expect(c.cancel(id).status >= 500)
            return c.truth(id)?.cancelRequestedAt != nil
        }
        #expect(cancelled.contains(true) && cancelled.contains(false))
    }

    @Test(arguments: Dialect.allCases)
    func dropConnectionClosesBeforeOrAfterExecuting(dialect: Dialect) {
        let f = Fixture(dialect, faults: [.dropConnection: 1])
        let (path, body) = submitTarget(dialect)
        var executed: [Bool] = []
        for n in 1...40 as ClosedRange<UInt64> {
            let before = created(f, upTo: n)
            guard case .close = f.reply("POST", path, body: body) else {
                Issue.record("expected .close")
                return
            }
            executed.append(created(f, upTo: n) > before)
        }
        #expect(executed.contains(true) && executed.contains(false))
    }

    @Test(arguments: Dialect.allCases)
    func slowAnswersCorrectlyButLate(dialect: Dialect) {
        let slow = DialectClient(Fixture(dialect, faults: [.slow: 1]), dialect)
        let clean = DialectClient(Fixture(dialect), dialect)
        let (path, body) = submitTarget(dialect)
        var delays: Set<Int64> = []
        for _ in 0..<30 {
            let reply = slow.f.reply("POST", path, body: body)
            let expected = Answer(clean.f.reply("POST", path, body: body))
            guard case .respondAfter(let delay, let response) = reply else {
                Issue.record("expected .respondAfter")
                return
            }
            #expect((50_000_000...250_000_000).contains(delay))
            delays.insert(delay)
            #expect(response.status == expected.status)
            #expect(response.body == expected.bytes)
        }
        #expect(delays.count > 1)
    }

    @Test func noiseIsReproducibleFromTheSeed() {
        func statuses(seed: UInt64) -> [Int] {
            let f = Fixture(.beatra, faults: [.error5xx: 0.3, .dropConnection: 0.3], seed: seed)
            return (0..<60).map { _ in
                switch f.reply("POST", "/v1/tasks") {
                case .respond(let response): return response.status
                case .respondAfter(_, let response): return response.status
                case .close: return 0
                }
            }
        }
        let first = statuses(seed: 1)
        #expect(first == statuses(seed: 1))
        #expect(first != statuses(seed: 2))
        #expect(first.contains(202) && first.contains(0) && first.contains { $0 >= 500 })
    }
}
