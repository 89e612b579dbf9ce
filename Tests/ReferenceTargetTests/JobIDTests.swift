import Foundation
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

    /// OGC API – Processes ids look like RFC 4122 version 4 UUIDs (the standard suggests UUIDs so that ids cannot
    /// be guessed) yet still name the sequence number.
    @Test func ogcIdsAreUUIDShapedAndRoundTrip() {
        let ids = JobID(dialect: .ogcProcesses, seed: 5)
        var seen: Set<String> = []
        for sequence in [1, 2, 255, 1 << 40, (1 << 60) - 1] as [UInt64] {
            let id = ids.format(sequence)
            let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(groups == [8, 4, 4, 4, 12], "\(id)")
            let digits = Array(id.replacingOccurrences(of: "-", with: ""))
            #expect(digits.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(digits[12] == "4")  // version
            #expect("89ab".contains(digits[16]))  // variant
            #expect(ids.parse(id) == sequence)
            seen.insert(id)
        }
        #expect(seen.count == 5)
        // Neighbouring jobs share no obvious prefix: the sequence number is masked, the tag differs.
        #expect(ids.format(1).prefix(8) != ids.format(2).prefix(8))
    }

    @Test func ogcRejectsForeignAndMalformedIds() {
        let ids = JobID(dialect: .ogcProcesses, seed: 5)
        let good = ids.format(7)
        #expect(ids.parse(good.uppercased()) == nil)  // upper-case hex
        #expect(JobID(dialect: .ogcProcesses, seed: 6).parse(good) == nil)  // another seed's id
        #expect(ids.parse(good.replacingOccurrences(of: "-", with: "")) == nil)  // no dashes
        #expect(ids.parse(String(good.dropLast()) + (good.last == "0" ? "1" : "0")) == nil)  // one digit changed
        #expect(ids.parse("5f0c2a1e-3b7d-4c2a-9e1f-0a1b2c3d4e5f") == nil)  // a UUID it never issued
        #expect(ids.parse(JobID(dialect: .pika, seed: 5).format(7)) == nil)
    }
}
