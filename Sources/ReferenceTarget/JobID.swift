/// Public job ids: a dialect prefix, the job's sequence number in hex, then a 32-bit tag in hex; or, for OGC API –
/// Processes, a UUID-shaped id that hides the same two numbers.
///
/// Embedding the sequence number makes ids unique by construction and makes lookup a hex parse instead
/// of a string-keyed hash; the tag (derived from the seed) makes ids look opaque and makes a guessed id
/// such as `j00000001deadbeef` miss, as on a real server.
struct JobID: Sendable {
    /// `j`, `task_` or `run_`; empty for the UUID shape.
    let prefix: String
    /// True for OGC API – Processes: the standard recommends non-guessable job ids, "for example using UUIDs"
    /// (OGC 18-062r2 clause 9, Security Considerations), so that dialect's ids look like RFC 4122 version 4 UUIDs.
    let isUUID: Bool
    /// The target's seed, mixed into every tag.
    let seed: UInt64

    init(dialect: Dialect, seed: UInt64) {
        switch dialect {
        case .pika: prefix = "j"
        case .beatra: prefix = "task_"
        case .praison: prefix = "run_"
        case .ogcProcesses: prefix = ""
        }
        isUUID = dialect == .ogcProcesses
        self.seed = seed
    }

    /// The id of job `sequence`.
    func format(_ sequence: UInt64) -> String {
        if isUUID { return formatUUID(sequence) }
        var text = JSONText(capacity: 32)
        text.raw(bytes: prefix.utf8)
        text.hex(sequence, minimumWidth: 8)
        text.hex(tag(sequence), minimumWidth: 8)
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// The sequence number `id` names, or nil when it is not an id this target could have issued.
    func parse(_ id: some StringProtocol) -> UInt64? {
        if isUUID { return parseUUID(id) }
        let utf8 = id.utf8
        guard utf8.count >= prefix.utf8.count + 16, utf8.count <= prefix.utf8.count + 24,
              utf8.starts(with: prefix.utf8) else { return nil }
        let digits = utf8.dropFirst(prefix.utf8.count)
        var sequence: UInt64 = 0, tagValue: UInt64 = 0, count = 0
        let sequenceDigits = digits.count - 8
        for byte in digits {
            guard let digit = JobID.lowerHexValue(byte) else { return nil }
            if count < sequenceDigits {
                guard sequence >> 60 == 0 else { return nil }
                sequence = sequence << 4 | UInt64(digit)
            } else {
                tagValue = tagValue << 4 | UInt64(digit)
            }
            count += 1
        }
        // Reject non-canonical spellings (extra leading zeros beyond the 8-digit minimum) and wrong tags.
        if sequenceDigits > 8, digits.first == UInt8(ascii: "0") { return nil }
        return tagValue == tag(sequence) ? sequence : nil
    }

    /// 32 bits derived from the seed and the sequence number.
    private func tag(_ sequence: UInt64) -> UInt64 {
        SplitMix64.mix(seed ^ SplitMix64.mix(sequence ^ 0x5bd1_e995)) & 0xFFFF_FFFF
    }

    static func lowerHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
