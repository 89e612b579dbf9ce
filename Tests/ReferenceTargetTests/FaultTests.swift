import Foundation
import Testing
@testable import ReferenceTarget

@Suite struct FaultTests {
    @Test func rawValuesAreTheCLINames() {
        #expect(Fault.allCases.map(\.rawValue) == [
            "double-refund", "lost-cancel", "resurrect", "cancel-completed-200", "non-idempotent-cancel",
            "idempotency-replay-executes", "stale-read", "progress-regress", "work-after-cancel", "stuck-cancel",
            "duplicate-callback", "cancel-reverts", "error-5xx", "drop-connection", "slow",
        ])
        #expect(Fault(rawValue: "lost-cancel") == .lostCancel)
    }

    private static let all = Set(Dialect.allCases)
    private static let beatra: Set<Dialect> = [.beatra]
    private static let beatraAndPraison: Set<Dialect> = [.beatra, .praison]
    private static let withProgress: Set<Dialect> = [.beatra, .praison, .ogcProcesses]
    private static let seeds: Set<Dialect> = [.pika, .beatra, .praison]

    @Test(arguments: [
        (Fault.doubleRefund, beatra, false),  // only beatra bills
        (Fault.lostCancel, all, false),  // every dialect cancels
        (Fault.resurrect, all, false),  // every dialect reads
        (Fault.cancelCompleted200, seeds, false),  // OGC may dismiss a finished job: 200 "dismissed" is right there
        (Fault.nonIdempotentCancel, beatraAndPraison, false),  // Pika answers repeated cancels the same anyway
        (Fault.idempotencyReplayExecutes, beatra, false),  // only beatra has Idempotency-Key
        (Fault.staleRead, all, false),  // every dialect reads
        (Fault.progressRegress, withProgress, false),  // Pika reports no percent
        (Fault.workAfterCancel, beatra, false),  // only beatra reports usage
        (Fault.stuckCancel, beatra, false),  // only beatra cancels best-effort
        (Fault.duplicateCallback, beatra, false),  // only beatra has callbacks
        (Fault.cancelReverts, all, false),  // every dialect cancels
        (Fault.error5xx, all, true),  // noise
        (Fault.dropConnection, all, true),  // noise
        (Fault.slow, all, true),  // noise
    ] as [(Fault, Set<Dialect>, Bool)])
    func dialectsAndNoise(fault: Fault, dialects: Set<Dialect>, noise: Bool) {
        #expect(fault.dialects == dialects)
        #expect(fault.isNoise == noise)
    }

    @Test func diceHonoursProbabilityAndDialect() {
        let config = TargetConfig(dialect: .pika, seed: 3,
                                  faults: [.lostCancel: 1, .resurrect: 0, .doubleRefund: 1, .staleRead: 0.25, .slow: 7])
        let dice = FaultDice(config: config)
        #expect(dice.hasJobFaults)
        #expect(dice.hasNoise)
        #expect(dice.probability(.slow) == 1)  // clamped
        #expect(dice.probability(.doubleRefund) == 0)  // beatra only: nothing on Pika
        var fired = 0
        for opportunity in 1...4000 as ClosedRange<UInt64> {
            #expect(dice.fires(.lostCancel, sequence: 9, opportunity: opportunity))
            #expect(!dice.fires(.resurrect, sequence: 9, opportunity: opportunity))
            #expect(!dice.fires(.doubleRefund, sequence: 9, opportunity: opportunity))
            if dice.fires(.staleRead, sequence: 9, opportunity: opportunity) { fired += 1 }
        }
        #expect((800...1200).contains(fired))  // 25% of 4000, with a wide margin
        #expect(!FaultDice(config: TargetConfig(dialect: .beatra)).hasJobFaults)
    }

    @Test func diceIsAPureFunctionOfSeedJobAndOpportunity() {
        let config = TargetConfig(dialect: .beatra, seed: 11, faults: [.staleRead: 0.5])
        let one = FaultDice(config: config), two = FaultDice(config: config)
        let other = FaultDice(config: TargetConfig(dialect: .beatra, seed: 12, faults: [.staleRead: 0.5]))
        let draws = (1...64 as ClosedRange<UInt64>).map { one.fires(.staleRead, sequence: 5, opportunity: $0) }
        #expect(draws == (1...64 as ClosedRange<UInt64>).map { two.fires(.staleRead, sequence: 5, opportunity: $0) })
        #expect(draws != (1...64 as ClosedRange<UInt64>).map { other.fires(.staleRead, sequence: 5, opportunity: $0) })
        #expect(draws != (1...64 as ClosedRange<UInt64>).map { one.fires(.staleRead, sequence: 6, opportunity: $0) })
    }

    /// Every (fault, dialect) pair where the fault does not apply: the scenario's answers are byte for byte
    /// those of a target without faults.
    @Test(arguments: Fault.allCases.flatMap { fault in
        Dialect.allCases.filter { !fault.dialects.contains($0) }.map { (fault, $0) }
    })
    func inapplicableFaultChangesNothing(fault: Fault, dialect: Dialect) {
        let faulty = DialectClient(Fixture(dialect, faults: [fault: 1]), dialect).scenario()
        let clean = DialectClient(Fixture(dialect), dialect).scenario()
        #expect(faulty == clean)
    }

    @Test(arguments: Dialect.allCases)
    func faultsAtProbabilityZeroChangeNothing(dialect: Dialect) {
        let allZero = Dictionary(uniqueKeysWithValues: Fault.allCases.map { ($0, 0.0) })
        let faulty = DialectClient(Fixture(dialect, faults: allZero), dialect).scenario()
        #expect(faulty == DialectClient(Fixture(dialect), dialect).scenario())
    }

    @Test(arguments: Dialect.allCases)
    func sameSeedSameFaults(dialect: Dialect) {
        let faults: [Fault: Double] = [.staleRead: 0.5, .resurrect: 0.5, .lostCancel: 0.5, .progressRegress: 0.5,
                                       .cancelCompleted200: 0.5, .nonIdempotentCancel: 0.5, .doubleRefund: 0.5]
        let one = DialectClient(Fixture(dialect, faults: faults), dialect).scenario()
        #expect(one == DialectClient(Fixture(dialect, faults: faults), dialect).scenario())
        #expect(one != DialectClient(Fixture(dialect), dialect).scenario())
    }
}
