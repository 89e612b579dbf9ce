import Foundation

/// Values made from short byte strings, kept by their bytes so that the same bytes met again give the value made
/// the first time: a history names the same job id, key, status and timestamp on line after line, and making a
/// `String` (validating, allocating, later freeing) cost more than reading the rest of the line.
///
/// A fixed number of slots chosen by a hash of the bytes; a new string takes its slot from the old one, so the
/// table never grows, whatever the history holds. Strings longer than a slot are made every time.
final class InternTable<Value> {
    private static var slotCount: Int { 1024 }
    /// Longest string kept, bytes.
    private static var slotBytes: Int { 64 }

    // Raw storage rather than arrays: a class's array properties pay a dynamic exclusivity check on every access.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let lengths: UnsafeMutablePointer<Int>
    private let values: UnsafeMutablePointer<Value?>
    private let make: (UnsafeBufferPointer<UInt8>) -> Value

    /// `make` builds the value of bytes not met before (or no longer kept).
    init(_ make: @escaping (UnsafeBufferPointer<UInt8>) -> Value) {
        self.make = make
        bytes = .allocate(capacity: Self.slotCount * Self.slotBytes)
        lengths = .allocate(capacity: Self.slotCount)
        lengths.initialize(repeating: -1, count: Self.slotCount)
        values = .allocate(capacity: Self.slotCount)
        values.initialize(repeating: nil, count: Self.slotCount)
    }

    deinit {
        bytes.deallocate()
        lengths.deallocate()
        values.deinitialize(count: Self.slotCount)
        values.deallocate()
    }

    /// The value of `count` bytes at `p`.
    func value(_ p: UnsafePointer<UInt8>, _ count: Int) -> Value {
        guard count <= Self.slotBytes else { return make(UnsafeBufferPointer(start: p, count: count)) }
        let slot = Int(truncatingIfNeeded: Self.hash(p, count) >> 54)  // the top 10 bits: 1024 slots
        let stored = bytes + slot * Self.slotBytes
        if lengths[slot] == count, memcmp(stored, p, count) == 0, let v = values[slot] { return v }
        let v = make(UnsafeBufferPointer(start: p, count: count))
        stored.update(from: p, count: count)
        lengths[slot] = count
        values[slot] = v
        return v
    }

    /// A hash of the length and the first and last eight bytes (ids that share a prefix differ at their end).
    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var a: UInt64, b: UInt64
        if count >= 8 {
            a = raw.loadUnaligned(as: UInt64.self)
            b = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            a = 0
            for k in 0..<count { a = a << 8 | UInt64(p[k]) }
            b = 0
        }
        let h = (a ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15 ^ (b &* 0xC2B2_AE3D_27D4_EB4F)
        return h ^ (h >> 29) &* 0x1656_67B1_9E37_79F9
    }
}
