import Testing
@testable import HdrHistogram

@Suite struct ZigZagVarintTests {
    @Test(arguments: [
        // Zero and the smallest magnitudes: ZigZag maps 0, -1, 1 to 0, 1, 2.
        (0, [0x00]),
        (-1, [0x01]),
        (1, [0x02]),
        // 63 is the largest value in one byte (ZigZag 126); 64 needs a continuation byte.
        (63, [0x7E]),
        (64, [0x80, 0x01]),
        // A run of 2,000 empty buckets, as the V2 encoding writes it.
        (-2_000, [0x9F, 0x1F]),
        // The extremes take 9 bytes, the last one holding a full 8 bits (LEB128-64b9B, not 10-byte LEB128).
        (.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        (.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
    ] as [(Int64, [UInt8])])
    func encodesAndDecodes(value: Int64, bytes: [UInt8]) {
        var out: [UInt8] = []
        ZigZagVarint.append(value, to: &out)
        #expect(out == bytes)
        var position = 0
        #expect(ZigZagVarint.read(bytes[...], at: &position) == value)
        #expect(position == bytes.count)
    }

    @Test func aTruncatedValueReadsAsNil() {
        var position = 0
        #expect(ZigZagVarint.read([0x80, 0x80][...], at: &position) == nil)
    }
}
