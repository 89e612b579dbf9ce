/// zlib streams (RFC 1950) without zlib: we write DEFLATE *stored* blocks, which every inflater reads, and
/// read back stored, fixed-Huffman and dynamic-Huffman streams, so `.hlog` files from any HdrHistogram
/// implementation decode here.
///
/// Stored blocks do not shrink data, and that is fine for histograms: the V2 encoding has already folded
/// runs of empty buckets into single varints, so a second of latencies is a few hundred bytes either way.
public enum Zlib {
    /// The most bytes one stored block can carry (its LEN field is 16 bits).
    public static let maxStoredBlockLength = 65_535

    /// A zlib stream holding `bytes` in stored blocks: header `78 01`, the blocks, big-endian Adler-32.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        // 0x78: DEFLATE with a 32 KiB window; 0x01: "fastest" level, and (0x7801 % 31 == 0) the header check.
        var out: [UInt8] = [0x78, 0x01]
        out.reserveCapacity(bytes.count + bytes.count / maxStoredBlockLength * 5 + 11)
        var start = 0
        repeat {
            let end = min(start + maxStoredBlockLength, bytes.count)
            let length = UInt16(end - start)
            // BFINAL in bit 0, BTYPE 00 (stored); the rest of the header byte pads to the byte boundary.
            out.append(end == bytes.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += bytes[start..<end]
            start = end
        } while start < bytes.count
        let adler = Adler32.checksum(bytes)
        out += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        return out
    }

    /// The bytes inside a zlib stream; checks the header and the Adler-32 trailer.
    public static func decompress(_ stream: [UInt8]) throws(ZlibError) -> [UInt8] {
        guard stream.count >= 6 else { throw .truncated }
        let cmf = stream[0], flg = stream[1]
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else { throw .badHeader }
        // A preset dictionary (FDICT) is never used by HdrHistogram and we would not have it anyway.
        guard flg & 0x20 == 0 else { throw .presetDictionary }
        var inflater = Inflater(stream, from: 2)
        let bytes = try inflater.inflate()
        let at = inflater.byteOffsetAfterFinalBlock
        guard at + 4 <= stream.count else { throw .truncated }
        let expected = stream[at..<at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard Adler32.checksum(bytes) == expected else { throw .checksumMismatch }
        return bytes
    }
}

/// Why a zlib stream could not be read: a bounded category, no payload.
public enum ZlibError: Error, Equatable, Sendable {
    /// The stream ended before its last block or its checksum.
    case truncated
    /// Not a zlib header for DEFLATE (method 8, window at most 32 KiB, valid check bits).
    case badHeader
    /// The stream needs a preset dictionary.
    case presetDictionary
    /// A block type 11, which RFC 1951 reserves.
    case badBlockType
    /// A stored block whose LEN and NLEN do not complement each other.
    case badStoredLength
    /// A Huffman code table that is invalid, or a code that is not in it.
    case badCode
    /// A back-reference to before the start of the output.
    case badDistance
    /// The Adler-32 trailer does not match the data.
    case checksumMismatch
}
