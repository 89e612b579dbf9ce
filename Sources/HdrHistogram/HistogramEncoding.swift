import Foundation

/// HdrHistogram's V2 binary encoding of a histogram, plain and compressed, as `.hlog` files carry it (base64 of
/// the compressed form) and as every HdrHistogram implementation reads and writes it.
///
/// Layout (all big-endian): cookie `0x1c849313` (V2 encoding base `0x1c849303` with HdrHistogram's word-size
/// nibble 1), payload length, normalizing index offset (0), significant digits, lowest discernible value
/// (Int64), highest trackable value (Int64), integer-to-double conversion ratio (Double 1.0), then the counts
/// up to the maximum's bucket as ZigZag varints, where a run of n > 1 empty buckets is written as −n. The
/// compressed form is cookie `0x1c849314`, the zlib stream's length, then the zlib stream of the above.
public enum HistogramEncoding {
    static let encodingCookie: UInt32 = 0x1c84_9303 | 0x10
    static let compressedCookie: UInt32 = 0x1c84_9304 | 0x10
    static let headerLength = 40

    /// The uncompressed V2 encoding.
    public static func encode(_ histogram: Histogram) -> [UInt8] {
        var payload: [UInt8] = []
        // Like Java, encode through the maximum's bucket; an empty histogram encodes bucket 0 alone.
        let limit = histogram.countsIndex(histogram.maxValue) + 1
        var i = 0
        while i < limit {
            let count = histogram.counts[i]
            i += 1
            var zeros: Int64 = 0
            if count == 0 {
                zeros = 1
                while i < limit, histogram.counts[i] == 0 { zeros += 1; i += 1 }
            }
            ZigZagVarint.append(zeros > 1 ? -zeros : count, to: &payload)
        }
        var out: [UInt8] = []
        out.reserveCapacity(headerLength + payload.count)
        appendBigEndian(UInt64(encodingCookie), bytes: 4, to: &out)
        appendBigEndian(UInt64(payload.count), bytes: 4, to: &out)
        appendBigEndian(0, bytes: 4, to: &out)
        appendBigEndian(UInt64(histogram.significantDigits), bytes: 4, to: &out)
        appendBigEndian(UInt64(histogram.lowestDiscernibleValue), bytes: 8, to: &out)
        appendBigEndian(UInt64(histogram.highestTrackableValue), bytes: 8, to: &out)
        appendBigEndian(Double(1).bitPattern, bytes: 8, to: &out)
        return out + payload
    }

    /// The compressed V2 encoding (zlib stored blocks inside; any inflater reads it).
    public static func encodeCompressed(_ histogram: Histogram) -> [UInt8] {
        let stream = Zlib.compress(encode(histogram))
        var out: [UInt8] = []
        appendBigEndian(UInt64(compressedCookie), bytes: 4, to: &out)
        appendBigEndian(UInt64(stream.count), bytes: 4, to: &out)
        return out + stream
    }

    /// The compressed V2 encoding in base64: the last field of a `.hlog` interval line.
    public static func encodeBase64(_ histogram: Histogram) -> String {
        Data(encodeCompressed(histogram)).base64EncodedString()
    }

    static func appendBigEndian(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) { out.append(UInt8(value >> UInt64(shift) & 0xFF)) }
    }

    static func readBigEndian(_ bytes: ArraySlice<UInt8>, at offset: Int, count: Int) -> UInt64 {
        bytes[bytes.startIndex + offset..<bytes.startIndex + offset + count].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
