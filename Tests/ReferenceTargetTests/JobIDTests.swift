import Testing
@testable import ReferenceTarget

@Suite struct JobIDTests {
    @Test(arguments: [
        (Dialect.pika, "j"), (Dialect.beatra, "task_"), (Dialect.praison, "run_"),
    ])
    func roundTripsWithDialectPrefix(dialect: Dialect, prefix: String) {
        let ids = JobID(dialect: dialect, seed: 5)
        for sequence in [1, 255, 1 << 40] as [UInt64] {
            let id = ids.format(sequence)
            #expect(id.hasPrefix(prefix))
            #expect(ids.parse(id) == sequence)
        }
    }

    @Test func rejectsForeignAndNonCanonicalIds() {
        let ids = JobID(dialect: .pika, seed: 5)
        let good = ids.format(1)
        #expect(ids.parse(good.uppercased()) == nil)  // upper-case hex
        #expect(ids.parse("j0" + good.dropFirst()) == nil)  // extra leading zero
        #expect(JobID(dialect: .pika, seed: 6).parse(good) == nil)  // another seed's tag
        #expect(ids.parse("j") == nil)
        #expect(ids.parse("jé000000000000000") == nil)
    }
}
