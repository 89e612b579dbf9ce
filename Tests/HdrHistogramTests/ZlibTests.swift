import Foundation
import Testing
@testable import HdrHistogram

@Suite struct ZlibTests {
    @Test(arguments: [
        // RFC 1950's starting value: an empty input checks to 1.
        ([], 1),
        // The example every Adler-32 write-up uses.
        (Array("Wikipedia".utf8), 0x11E6_0398),
        (Array("abc".utf8), 0x024D_0127),
        // 100,000 bytes of 0xFF: crosses the 5,552-byte modulo deferral many times (value from Python's zlib).
        ([UInt8](repeating: 0xFF, count: 100_000), 0x149A_302C),
    ] as [([UInt8], UInt32)])
    func adler32KnownVectors(bytes: [UInt8], expected: UInt32) {
        #expect(Adler32.checksum(bytes) == expected)
    }

    @Test func emptyInputIsOneFinalStoredBlock() {
        // Header 78 01; BFINAL=1 BTYPE=00; LEN 0, NLEN FFFF; Adler-32 of nothing, big-endian.
        #expect(Zlib.compress([]) == [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01])
    }

    @Test func largeInputSplitsIntoMaximalStoredBlocks() throws {
        let data = (0..<70_000).map { UInt8($0 % 251) }
        let stream = Zlib.compress(data)
        #expect(stream.count == 2 + 5 + 65_535 + 5 + 4_465 + 4)
        #expect(Array(stream[2..<7]) == [0x00, 0xFF, 0xFF, 0x00, 0x00])  // not final, LEN 65535
        #expect(Array(stream[65_542..<65_547]) == [0x01, 0x71, 0x11, 0x8E, 0xEE])  // final, LEN 4465
        #expect(Array(stream.suffix(4)) == [0x4E, 0xE3, 0x7E, 0xE9])  // Python's zlib.adler32
        #expect(try Zlib.decompress(stream) == data)
    }

    @Test func readsADynamicHuffmanStreamFromRealZlib() throws {
        let stream = [UInt8](try #require(Data(base64Encoded: HdrGolden.dynamicHuffmanStream)))
        #expect(stream[2] >> 1 & 3 == 2, "the golden stream should hold a dynamic-Huffman block")
        #expect(try Zlib.decompress(stream) == Array(HdrGolden.dynamicHuffmanText.utf8))
    }

    @Test func readsAFixedHuffmanStreamFromRealZlib() throws {
        let encoded = [UInt8](try #require(Data(base64Encoded: HdrGolden.pythonEncodedKnownValues)))
        let stream = Array(encoded[8...])
        #expect(stream[2] >> 1 & 3 == 1, "the golden stream should hold a fixed-Huffman block")
        #expect(try Zlib.decompress(stream).count > 40)
    }

    @Test(arguments: [
        // A flipped data byte: the Adler-32 trailer no longer matches.
        (7, ZlibError.checksumMismatch),
        // A broken NLEN (complement of LEN).
        (5, ZlibError.badStoredLength),
        // Compression method 9 instead of 8 (DEFLATE).
        (0, ZlibError.badHeader),
    ])
    func rejectsCorruptStreams(offset: Int, expected: ZlibError) {
        var stream = Zlib.compress(Array("cancel at the claim".utf8))
        stream[offset] ^= 0x01
        #expect(throws: expected) { try Zlib.decompress(stream) }
    }

    @Test func rejectsATruncatedStream() {
        let stream = Zlib.compress(Array("cancel at the claim".utf8))
        #expect(throws: ZlibError.truncated) { try Zlib.decompress(Array(stream.dropLast(6))) }
    }
}
