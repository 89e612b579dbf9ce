import Synchronization

/// A shared, monotonically numbered opportunity counter for faults not tied to one job (noise, replays).
final class FaultCounter: Sendable {
    private let value = Atomic<UInt64>(0)

    /// The next opportunity number, starting at 1.
    func next() -> UInt64 { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
