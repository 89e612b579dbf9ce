import Foundation
import Testing
@testable import ReferenceTarget

@Suite struct ISOTimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),  // the epoch
        (1_795_499_701_123_000_000, "2026-11-24T05:55:01.123Z"),  // the brief's example
        (951_782_400_999_999_999, "2000-02-29T00:00:00.999Z"),  // leap day, millis truncated
        (-1_000_000, "1969-12-31T23:59:59.999Z"),  // before the epoch floors correctly
    ])
    func formatsKnownInstants(nanoseconds: Int64, expected: String) {
        #expect(ISOTimestamp.string(unixNanoseconds: nanoseconds) == expected)
    }

    @Test func agreesWithFoundationOverManyDays() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SplitMix64(seed: 9, stream: 0)
        for _ in 0..<500 {
            let millis = Int64(rng.next() % 8_000_000_000_000)  // 1970 to about 2223.
            let ours = ISOTimestamp.string(unixNanoseconds: millis * 1_000_000)
            let theirs = formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
            #expect(ours == theirs)
        }
    }
}
