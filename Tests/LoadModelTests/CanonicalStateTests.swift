import Testing
@testable import LoadModel

@Suite struct CanonicalStateTests {
    @Test(arguments: [
        // Waiting and running are the only non-terminal states.
        (CanonicalState.queued, false), (.running, false),
        // The three ends.
        (.succeeded, true), (.failed, true), (.cancelled, true),
    ])
    func terminality(state: CanonicalState, terminal: Bool) {
        #expect(state.isTerminal == terminal)
    }

    @Test func lifecycleOrder() {
        #expect(CanonicalState.queued < .running)
        #expect(CanonicalState.running < .succeeded)
        #expect(!(CanonicalState.cancelled < .failed) && !(CanonicalState.failed < .cancelled))
    }

    @Test func outcomesFollowJepsen() {
        #expect(Outcome.classify(httpStatus: 202) == .ok)
        #expect(Outcome.classify(httpStatus: 404) == .fail)
        #expect(Outcome.classify(httpStatus: 503) == .info)
        #expect(Outcome.classify(httpStatus: 0) == .info)
    }
}
