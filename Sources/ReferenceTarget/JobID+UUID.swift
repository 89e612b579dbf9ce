/// The UUID shape of job ids (OGC API – Processes): `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`, lowercase.
///
/// The 32 hex digits are 60 bits of tag, the version digit `4`, 2 more tag bits in the variant digit (8, 9, a
/// or b), and 60 bits of the sequence number masked by the seed, so ids look random, parse in one pass, and a
/// guessed UUID misses (the tag checks 62 bits).
extension JobID {
    /// Positions (0-based, dashes excluded) of the version and variant digits, as in RFC 4122 section 4.1.
    private static let versionDigit = 12, variantDigit = 16

    /// The 62 tag bits of `sequence`: 60 for the tag digits, 2 for the variant digit.
    private func uuidTag(_ sequence: UInt64) -> UInt64 {
        SplitMix64.mix(seed ^ SplitMix64.mix(sequence ^ 0x0c61_7071)) >> 2
    }

    /// The mask that hides the sequence number (60 bits, from the seed alone so that parsing can undo it).
    private var sequenceMask: UInt64 { SplitMix64.mix(seed ^ 0x6f67_6370) & ((1 << 60) - 1) }

    /// The 32 digits (as nibbles) of job `sequence`'s id, before the dashes.
    private func uuidNibbles(_ sequence: UInt64) -> [UInt8] {
        let tag = uuidTag(sequence)
        var nibbles = [UInt8](repeating: 0, count: 32)
        var tagBits = tag >> 2  // 60 bits for the 15 tag digits
        for position in (0..<16).reversed() where position != JobID.versionDigit {
            nibbles[position] = UInt8(tagBits & 0xF)
            tagBits >>= 4
        }
        nibbles[JobID.versionDigit] = 4
        nibbles[JobID.variantDigit] = 8 | UInt8(tag & 0x3)
        var hidden = (sequence ^ sequenceMask) & ((1 << 60) - 1)
        for position in (17..<32).reversed() {
            nibbles[position] = UInt8(hidden & 0xF)
            hidden >>= 4
        }
        return nibbles
    }

    /// The UUID-shaped id of job `sequence` (sequences beyond 2^60 are never issued).
    func formatUUID(_ sequence: UInt64) -> String {
        var text = JSONText(capacity: 36)
        for (position, nibble) in uuidNibbles(sequence).enumerated() {
            if position == 8 || position == 12 || position == 16 || position == 20 { text.raw("-") }
            text.raw(bytes: CollectionOfOne(JSONText.hexDigit(nibble)))
        }
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// The sequence number a UUID-shaped `id` names, or nil when this target could not have issued it.
    func parseUUID(_ id: some StringProtocol) -> UInt64? {
        let utf8 = id.utf8
        guard utf8.count == 36 else { return nil }
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(32)
        for (offset, byte) in utf8.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard let digit = JobID.lowerHexValue(byte) else { return nil }
                nibbles.append(digit)
            }
        }
        var hidden: UInt64 = 0
        for position in 17..<32 { hidden = hidden << 4 | UInt64(nibbles[position]) }
        let sequence = hidden ^ sequenceMask
        return uuidNibbles(sequence) == nibbles ? sequence : nil
    }
}
