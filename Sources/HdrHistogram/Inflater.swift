/// A DEFLATE (RFC 1951) decoder for stored, fixed-Huffman and dynamic-Huffman blocks, after Mark Adler's
/// `puff.c`: small and slow, which is right for reading a log of kilobyte-sized histograms.
struct Inflater {
    private var input: [UInt8]
    private var position: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    /// Where the byte after the final block starts (the zlib trailer), once `inflate` has returned.
    private(set) var byteOffsetAfterFinalBlock = 0

    init(_ input: [UInt8], from position: Int) {
        self.input = input
        self.position = position
    }

    mutating func inflate() throws(ZlibError) -> [UInt8] {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try codesBlock(Self.fixedLengths, Self.fixedDistances)
            case 2:
                let (lengths, distances) = try dynamicTables()
                try codesBlock(lengths, distances)
            default: throw .badBlockType
            }
        }
        byteOffsetAfterFinalBlock = position  // the final block's leftover bits are padding
        return output
    }

    private mutating func bits(_ need: Int) throws(ZlibError) -> Int {
        while bitCount < need {
            guard position < input.count else { throw .truncated }
            bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt32(need)) - 1))
        bitBuffer >>= UInt32(need)
        bitCount -= need
        return value
    }

    private mutating func storedBlock() throws(ZlibError) {
        bitBuffer = 0  // stored data starts at the next byte boundary
        bitCount = 0
        guard position + 4 <= input.count else { throw .truncated }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw .badStoredLength }
        position += 4
        guard position + length <= input.count else { throw .truncated }
        output += input[position..<position + length]
        position += length
    }

    /// Decodes one symbol, reading the code bit by bit (codes are stored most significant bit first).
    private mutating func decode(_ h: Huffman) throws(ZlibError) -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw .badCode
    }

    private mutating func codesBlock(_ lengths: Huffman, _ distances: Huffman) throws(ZlibError) {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 { output.append(UInt8(symbol)); continue }
            if symbol == 256 { return }
            let s = symbol - 257
            guard s < 29 else { throw .badCode }
            let length = Self.lengthBase[s] + (try bits(Self.lengthExtra[s]))
            let d = try decode(distances)
            guard d < 30 else { throw .badCode }
            let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
            guard distance <= output.count else { throw .badDistance }
            // Byte by byte on purpose: a copy may overlap the bytes it is producing (distance < length).
            for _ in 0..<length { output.append(output[output.count - distance]) }
        }
    }

    private mutating func dynamicTables() throws(ZlibError) -> (Huffman, Huffman) {
        let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw .badCode }
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[i]] = try bits(3) }
        let codeLengthCode = try Huffman(lengths: codeLengths, complete: true)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengthCode)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw .badCode }
                lengths += repeatElement(previous, count: 3 + (try bits(2)))
            case 17: lengths += repeatElement(0, count: 3 + (try bits(3)))
            default: lengths += repeatElement(0, count: 11 + (try bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] != 0 else { throw .badCode }
        // Incomplete literal and distance codes are accepted, as zlib does for a lone distance code.
        return (try Huffman(lengths: Array(lengths[..<literalCount]), complete: false),
                try Huffman(lengths: Array(lengths[literalCount...]), complete: false))
    }
}
