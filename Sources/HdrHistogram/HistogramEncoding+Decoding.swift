import Foundation

/// Reading HdrHistogram's V2 encodings back: ours, and those of the Java, C, Go and Python implementations.
extension HistogramEncoding {
    /// A histogram from its uncompressed V2 encoding, in the layout the encoding names.
    public static func decode(_ bytes: [UInt8]) throws(HistogramDecodingError) -> Histogram {
        let all = bytes[...]
        guard bytes.count >= headerLength else { throw .truncated }
        guard readBigEndian(all, at: 0, count: 4) == UInt64(encodingCookie) else { throw .badCookie }
        let payloadLength = Int(readBigEndian(all, at: 4, count: 4))
        // A normalizing offset belongs to shifted (auto-ranging double) histograms, which we never write.
        guard readBigEndian(all, at: 8, count: 4) == 0 else { throw .unsupportedLayout }
        let digits = Int(readBigEndian(all, at: 12, count: 4))
        let lowest = Int64(bitPattern: readBigEndian(all, at: 16, count: 8))
        let highest = Int64(bitPattern: readBigEndian(all, at: 24, count: 8))
        guard (1...5).contains(digits), lowest >= 1, highest >= 2 * lowest else { throw .unsupportedLayout }
        guard headerLength + payloadLength <= bytes.count else { throw .truncated }
        var histogram = Histogram(lowest: lowest, highest: highest, significantDigits: digits)
        let payload = all[headerLength..<headerLength + payloadLength]
        var position = payload.startIndex, index = 0
        while position < payload.endIndex {
            guard let count = ZigZagVarint.read(payload, at: &position) else { throw .truncated }
            if count < 0 {
                index += Int(-count)  // a run of empty buckets
            } else {
                guard index < histogram.counts.count else { throw .countsOutOfRange }
                histogram.addCount(count, atIndex: index)
                index += 1
            }
        }
        return histogram
    }

    /// A histogram from its compressed V2 encoding.
    public static func decodeCompressed(_ bytes: [UInt8]) throws(HistogramDecodingError) -> Histogram {
        guard bytes.count >= 8 else { throw .truncated }
        guard readBigEndian(bytes[...], at: 0, count: 4) == UInt64(compressedCookie) else { throw .badCookie }
        let length = Int(readBigEndian(bytes[...], at: 4, count: 4))
        guard 8 + length <= bytes.count else { throw .truncated }
        do {
            return try decode(Zlib.decompress(Array(bytes[8..<8 + length])))
        } catch let error as ZlibError {
            throw .compression(error)
        } catch let error as HistogramDecodingError {
            throw error
        } catch {
            throw .truncated  // unreachable: both calls throw only the two types above
        }
    }

    /// A histogram from the base64 text of a `.hlog` interval line.
    public static func decodeBase64(_ text: some StringProtocol) throws(HistogramDecodingError) -> Histogram {
        guard let data = Data(base64Encoded: String(text)) else { throw .badBase64 }
        return try decodeCompressed([UInt8](data))
    }
}

/// Why an encoded histogram could not be read: a bounded category.
public enum HistogramDecodingError: Error, Equatable, Sendable {
    /// The bytes end before the header or the counts do.
    case truncated
    /// Not a V2 (compressed) encoding cookie; V0 and V1 encodings are not read.
    case badCookie
    /// A layout we do not build: a normalizing index offset, or an invalid range or precision.
    case unsupportedLayout
    /// More counts than the named layout has buckets.
    case countsOutOfRange
    /// The `.hlog` field is not base64.
    case badBase64
    /// The zlib stream inside is invalid.
    case compression(ZlibError)
}
