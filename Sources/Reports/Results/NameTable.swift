/// The cases of a small string-valued enum by their raw values' bytes, matched without making a `String`
/// (a history line names four such values, and `init(rawValue:)` compared Strings case by case).
struct NameTable<Name: RawRepresentable & CaseIterable> where Name.RawValue == String {
    private var entries: [(packed: Packed, name: Name)] = []

    /// Up to sixteen bytes and their count, as integers, so that a comparison is three integer ones.
    private struct Packed: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0
    }

    init() {
        for name in Name.allCases {
            let utf8 = Array(name.rawValue.utf8)
            // A longer raw value is simply never matched here: the caller falls back to the general parser.
            if let packed = utf8.withUnsafeBufferPointer({ Self.pack($0.baseAddress!, $0.count, available: $0.count) }) { entries.append((packed, name)) }
        }
    }

    /// The case whose raw value is the `count` bytes at `p`, or nil; `available` bytes at `p` may be read.
    @inline(__always)
    func name(_ p: UnsafePointer<UInt8>, _ count: Int, available: Int) -> Name? {
        guard let packed = Self.pack(p, count, available: available) else { return nil }
        for entry in entries where entry.packed == packed { return entry.name }
        return nil
    }

    @inline(__always)
    private static func pack(_ p: UnsafePointer<UInt8>, _ count: Int, available: Int) -> Packed? {
        guard count <= 16 else { return nil }
        var packed = Packed(count: count)
        // Two word loads where sixteen bytes are there to read (little-endian, like the loop below; on a
        // big-endian machine nothing matches and the caller goes the slow way).
        if available >= 16 {
            let raw = UnsafeRawPointer(p)
            let low = raw.loadUnaligned(as: UInt64.self), high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            packed.low = count >= 8 ? low : low & ((1 << (8 * UInt64(count))) - 1)
            packed.high = count <= 8 ? 0 : count == 16 ? high : high & ((1 << (8 * UInt64(count - 8))) - 1)
            return packed
        }
        for k in 0..<min(count, 8) { packed.low |= UInt64(p[k]) << (8 * UInt64(k)) }
        if count > 8 { for k in 8..<count { packed.high |= UInt64(p[k]) << (8 * UInt64(k - 8)) } }
        return packed
    }
}
