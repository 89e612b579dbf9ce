/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, seedable generator of 64-bit values.
///
/// Each job gets its own generator seeded from the target's seed and the job's sequence number, so a job's
/// durations and outcome depend only on (seed, sequence) and never on how requests interleave.
struct SplitMix64: RandomNumberGenerator {
    /// The generator's whole state.
    private var state: UInt64

    /// A generator for one job: the target's seed mixed with the job's sequence number.
    init(seed: UInt64, stream: UInt64) {
        // Mixing the stream through the finalizer first keeps neighbouring sequence numbers uncorrelated.
        state = seed ^ SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 pseudo-random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform double in [0, 1) built from the top 53 bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// SplitMix64's output finalizer: a bijective avalanche of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
