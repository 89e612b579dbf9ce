import Foundation
import Testing
@testable import HdrHistogram

@Suite struct HistogramEncodingTests {
    @Test func roundTripKeepsEveryCount() throws {
        var h = Histogram()
        for v in HdrGolden.knownValues { h.record(v) }
        h.record(3_599_999_999_999)  // the top bucket, far past a long run of empty ones
        let decoded = try HistogramEncoding.decodeCompressed(HistogramEncoding.encodeCompressed(h))
        #expect(decoded.counts == h.counts)
        #expect(decoded.totalCount == h.totalCount)
        #expect(decoded.maxEquivalentValue == h.maxEquivalentValue)
        #expect(decoded.lowestEquivalentValue(decoded.minValue) == h.lowestEquivalentValue(h.minValue))
        #expect(PercentileDistribution.text(decoded) == PercentileDistribution.text(h))
    }

    @Test(arguments: [
        // Java's Deflater output.
        HdrGolden.javaEncodedKnownValues,
        // Python's zlib output (a fixed-Huffman block).
        HdrGolden.pythonEncodedKnownValues,
    ])
    func decodesReferenceEncodings(base64: String) throws {
        var h = Histogram()
        for v in HdrGolden.knownValues { h.record(v) }
        let decoded = try HistogramEncoding.decodeBase64(base64)
        #expect(decoded.counts == h.counts)
        #expect(decoded.totalCount == 1_000)
        #expect(decoded.value(atPercentile: 99.9) == 808_976_383)
    }

    @Test func uncompressedBytesEqualJavas() throws {
        var h = Histogram()
        for v in HdrGolden.knownValues { h.record(v) }
        let java = [UInt8](try #require(Data(base64Encoded: HdrGolden.javaEncodedKnownValues)))
        #expect(try Zlib.decompress(Array(java[8...])) == HistogramEncoding.encode(h))
        // The base64 of a compressed V2 histogram always starts so: cookie 1c 84 93 14.
        #expect(HistogramEncoding.encodeBase64(h).hasPrefix("HISTFAAA"))
    }

    @Test func emptyHistogramEncodesOneEmptyBucket() throws {
        let bytes = HistogramEncoding.encode(Histogram())
        #expect(bytes.count == HistogramEncoding.headerLength + 1)
        #expect(Array(bytes[0..<8]) == [0x1C, 0x84, 0x93, 0x13, 0, 0, 0, 1])
        #expect(try HistogramEncoding.decode(bytes).totalCount == 0)
    }

    @Test(arguments: [
        // Not base64 at all.
        ("not base64!", HistogramDecodingError.badBase64),
        // A V1-era cookie (0x1c849302): valid base64, but not V2.
        ("HISTAgAAAAA=", .badCookie),
        // The compressed header promises more bytes than there are.
        ("HISTFAAAAP8=", .truncated),
    ])
    func rejectsWhatItCannotRead(text: String, expected: HistogramDecodingError) {
        #expect(throws: expected) { try HistogramEncoding.decodeBase64(text) }
    }
}
