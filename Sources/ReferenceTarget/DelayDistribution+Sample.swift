import Foundation

extension DelayDistribution {
    /// Draws one duration in nanoseconds (never negative) from this distribution.
    func sample(_ rng: inout SplitMix64) -> Int64 {
        switch self {
        case .fixed(let value):
            return max(0, value)
        case .uniform(let a, let b):
            let low = max(0, min(a, b)), high = max(0, max(a, b))
            let span = UInt64(high - low) &+ 1
            // span == 0 only when the range covers all of UInt64, which clamped non-negative bounds cannot.
            return low + Int64(rng.next() % span)
        case .exponential(let mean, let cap):
            // Inverse transform: -mean * ln(1 - u), u in [0, 1), so the logarithm's argument is never 0.
            let draw = -Double(max(0, mean)) * log(1 - rng.nextUnit())
            let capped = min(draw, Double(max(0, cap)))
            return Int64(capped)
        }
    }
}
