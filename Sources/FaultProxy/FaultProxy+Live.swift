import Synchronization

extension FaultProxy {
    /// The faults in force now.
    public var live: LiveFaults { registry.withLock { $0.live } }

    /// Changes the faults at once, for open connections too: latency applies from the next chunk and the reset
    /// probability from the next answer. A refuse partition resets every open connection and refuses new ones;
    /// a blackhole makes open and new connections read and drop both ways. When a blackhole ends (lifted, or
    /// turned into refuse), the connections it caught are reset: their byte streams are out of step.
    public func set(_ faults: LiveFaults) {
        let cut = registry.withLock { state -> Int in
            let before = state.live
            guard faults != before else { return 0 }
            state.live = faults
            counters.faultChanges.add(1, ordering: .relaxed)
            var cut = 0
            // Under the lock: a link still registered has its descriptors open.
            for link in state.links.values {
                switch faults.partition {
                case .refuse:
                    link.cutForReset()
                    cut += 1
                case .blackhole:
                    if !link.blackholed.exchange(true, ordering: .acquiringAndReleasing) {
                        counters.blackholed.add(1, ordering: .relaxed)
                    }
                case nil:
                    if link.blackholed.load(ordering: .acquiring) {
                        link.cutForReset()
                        cut += 1
                    }
                }
            }
            return cut
        }
        counters.partitionResets.add(cut, ordering: .relaxed)
    }
}
