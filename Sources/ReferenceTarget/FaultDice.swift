/// Decides, reproducibly, whether a planted fault fires at one opportunity.
///
/// A draw is a pure function of (seed, fault, job sequence, opportunity number, salt): no shared generator
/// state, so concurrent requests on different jobs cannot disturb each other's draws, and replaying the same
/// requests in the same order per job replays the same faults.
struct FaultDice: Sendable {
    /// Probability (0...1) of each fault that applies to the dialect, indexed like `Fault.allCases`.
    private let probabilities: [Double]
    private let seed: UInt64
    /// True when a fault that bends job state (not noise) can fire; when false the store skips every fault
    /// path, so the default target costs and behaves exactly as before faults existed.
    let hasJobFaults: Bool
    /// True when at least one noise fault can fire.
    let hasNoise: Bool

    /// The dice for `config`: its fault table filtered to its dialect, probabilities clamped to 0...1.
    init(config: TargetConfig) {
        seed = config.seed
        probabilities = Fault.allCases.map { fault in
            guard fault.dialects.contains(config.dialect), let p = config.faults[fault], p.isFinite else { return 0 }
            return min(1, max(0, p))
        }
        hasJobFaults = zip(Fault.allCases, probabilities).contains { !$0.isNoise && $1 > 0 }
        hasNoise = zip(Fault.allCases, probabilities).contains { $0.isNoise && $1 > 0 }
    }

    /// The probability configured for `fault` on this dialect (0 when it does not apply).
    func probability(_ fault: Fault) -> Double { probabilities[fault.index] }

    /// True when `fault` fires at opportunity `opportunity` of job `sequence` (sequence 0: no job).
    func fires(_ fault: Fault, sequence: UInt64, opportunity: UInt64) -> Bool {
        let p = probabilities[fault.index]
        guard p > 0 else { return false }
        // unit < 1 always, so probability 1 always fires and 0 never does.
        return unit(fault, sequence: sequence, opportunity: opportunity, salt: 0) < p
    }

    /// A uniform double in [0, 1) for the fault's secondary choices (which status, how long a delay); each
    /// `salt` gives an independent value.
    func unit(_ fault: Fault, sequence: UInt64, opportunity: UInt64, salt: UInt64) -> Double {
        var z = SplitMix64.mix(seed ^ fault.salt)
        z = SplitMix64.mix(z ^ sequence)
        z = SplitMix64.mix(z ^ (opportunity &* 0x9E37_79B9_7F4A_7C15))
        z = SplitMix64.mix(z ^ salt)
        return Double(z >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `range` drawn like `unit`.
    func integer(in range: ClosedRange<Int64>, _ fault: Fault, sequence: UInt64, opportunity: UInt64,
                 salt: UInt64) -> Int64 {
        let span = Double(range.upperBound - range.lowerBound + 1)
        let offset = Int64(unit(fault, sequence: sequence, opportunity: opportunity, salt: salt) * span)
        return range.lowerBound + min(offset, range.upperBound - range.lowerBound)
    }
}

extension Fault {
    /// `allCases` built once: the synthesized property makes a new array on every call.
    private static let ordered = Fault.allCases

    /// Position in `allCases`, for the dice's table.
    fileprivate var index: Int { Fault.ordered.firstIndex(of: self)! }

    /// FNV-1a of the raw value: a per-fault stream that does not move when cases are reordered or added.
    fileprivate var salt: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in rawValue.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
