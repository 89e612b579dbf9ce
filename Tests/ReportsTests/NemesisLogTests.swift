import LoadModel
import Testing
@testable import Reports

/// The windows' numbers from the exchanges around them: what fell inside, what followed, and invariant 13's
/// verdict per window (recovered within the timeout, not recovered, or nothing sent after it).
@Suite struct NemesisLogTests {
    let ms: Int64 = 1_000_000

    func log(_ entries: [(sent: Int64, done: Int64, Outcome)]) -> NemesisLog {
        var l = NemesisLog()
        for e in entries { l.record(sent: e.sent * ms, completed: e.done * ms, outcome: e.2) }
        return l
    }

    @Test func recoveryIsTheFirstDefiniteAnswerToAnExchangeSentAfterTheWindow() {
        let l = log([
            (90, 95, .ok),        // before the window
            (100, 150, .info),    // inside: lost
            (120, 130, .info),
            (190, 210, .ok),      // sent inside, answered after: not a recovery (it was sent before the end)
            (205, 240, .info),    // sent after, still lost
            (230, 260, .fail),    // sent after, a definite answer: recovered 60 ms after the end
            (400, 410, .ok),
        ])
        let w = NemesisLog.Window(number: 1, fault: "kill", start: 100 * ms, end: 200 * ms, healed: 230 * ms, note: "")
        let s = l.summarize([w], recoveryTimeout: 500 * ms).windows[0]
        #expect(s.during.exchanges == 2 && s.during.info == 2 && s.during.ok == 0)
        #expect(s.after.exchanges == 4 && s.after.ok == 2 && s.after.fail == 1 && s.after.info == 1)
        #expect(s.recoveredNs == 60 * ms && s.recovery == "pass")
    }

    @Test func noAnswerWithinTheTimeoutIsAFailedRecovery() {
        let l = log([(210, 215, .info), (300, 305, .info), (900, 905, .ok)])  // the answer comes 700 ms after the end
        let w = NemesisLog.Window(number: 3, fault: "partition:refuse", start: 0, end: 200 * ms, healed: 200 * ms, note: "")
        let s = l.summarize([w], recoveryTimeout: 500 * ms).windows[0]
        #expect(s.recovery == "fail" && s.recoveredNs == nil)
    }

    @Test func nothingSentAfterTheWindowCannotBeJudged() {
        let l = log([(50, 150, .info)])
        let w = NemesisLog.Window(number: 1, fault: "pause", start: 100 * ms, end: 200 * ms, healed: 200 * ms, note: "")
        #expect(l.summarize([w], recoveryTimeout: 500 * ms).windows[0].recovery == "unknown")
    }

    @Test func violationsAreCountedInTheWindowAndItsRecoverySpan() {
        var l = log([(250, 260, .ok)])
        for t: Int64 in [50, 150, 650, 750] { l.recordViolation(at: t * ms) }
        let w = NemesisLog.Window(number: 1, fault: "kill", start: 100 * ms, end: 200 * ms, healed: nil, note: "restart failed")
        #expect(l.summarize([w], recoveryTimeout: 500 * ms).windows[0].violations == 2)  // 150 and 650; 700 is the span's end
    }

    @Test func theCSVHasOneRowPerWindowAndQuotesNotes() {
        let l = log([])
        let w = NemesisLog.Window(number: 1, fault: "kill", start: 0, end: ms, healed: nil, note: "restart failed: exit 1, \"no port\"")
        let csv = l.summarize([w], recoveryTimeout: ms).csv
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].split(separator: ",").count == 21)
        #expect(lines[1].hasSuffix(",\"restart failed: exit 1, \"\"no port\"\"\""))
    }
}

extension NemesisLogTests {
    @Test func aViolationIsCountedInOneWindowWhenSpansOverlap() {
        var l = NemesisLog()
        for t: Int64 in [150, 350, 450] { l.recordViolation(at: t * ms) }
        let a = NemesisLog.Window(number: 1, fault: "kill", start: 100 * ms, end: 200 * ms, healed: nil, note: "")
        let b = NemesisLog.Window(number: 2, fault: "kill", start: 300 * ms, end: 400 * ms, healed: nil, note: "")
        let s = l.summarize([a, b], recoveryTimeout: 10_000 * ms).windows
        #expect(s.map(\.violations) == [1, 2])
    }
}

extension NemesisLogTests {
    @Test func answersLostInsideTheSpansAreCountedOnceForTheVerdict() {
        let l = log([(10, 20, .info), (100, 150, .info), (150, 250, .info), (300, 310, .info), (120, 130, .ok)])
        let a = NemesisLog.Window(number: 1, fault: "kill", start: 100 * ms, end: 200 * ms, healed: nil, note: "")
        let b = NemesisLog.Window(number: 2, fault: "kill", start: 240 * ms, end: 260 * ms, healed: nil, note: "")
        // 150 and 250 fall in the spans (250 in both: counted once); 20 is before any, 310 after both.
        #expect(l.summarize([a, b], recoveryTimeout: 50 * ms).infoInFaultSpans == 2)
    }
}

extension NemesisLogTests {
    /// Send times decide: a request sent just inside the recovery span and answered just after it is a recovery.
    @Test func aRequestSentInTimeCountsThoughItsAnswerCameLate() {
        let l = log([(699, 701, .ok)])
        let w = NemesisLog.Window(number: 1, fault: "pause", start: 100 * ms, end: 200 * ms, healed: 200 * ms, note: "")
        let s = l.summarize([w], recoveryTimeout: 500 * ms).windows[0]
        #expect(s.recovery == "pass" && s.recoveredNs == 501 * ms)
    }

    /// The traffic after a window stops where the next one opens, so each exchange is counted in one span.
    @Test func theSpanAfterAWindowEndsWhereTheNextBegins() {
        let l = log([(210, 220, .ok), (260, 270, .ok), (310, 320, .ok)])
        let a = NemesisLog.Window(number: 1, fault: "kill", start: 100 * ms, end: 200 * ms, healed: nil, note: "")
        let b = NemesisLog.Window(number: 2, fault: "kill", start: 250 * ms, end: 300 * ms, healed: nil, note: "")
        let s = l.summarize([a, b], recoveryTimeout: 10_000 * ms).windows
        #expect(s[0].after.exchanges == 1 && s[1].during.exchanges == 1 && s[1].after.exchanges == 1)
    }
}
