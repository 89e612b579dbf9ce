/// Requests beyond `maxConnections` wait here as plain values until an exchange inside libcurl ends.
extension CurlClient {
    /// Forgets every queued request libcurl has not got yet (a run stopping), and returns their tags.
    public func dropWaiting() -> [Int] {
        defer { waiting.removeAll(); waitingHead = 0 }
        return waiting[waitingHead...].map(\.tag)
    }

    /// Moves queued requests into libcurl as exchanges end.
    func promote() {
        while active.count < maxActive, waitingHead < waiting.count {
            let next = waiting[waitingHead]
            waitingHead += 1
            hand(next)
        }
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: waiting.count < 4096)
            waitingHead = 0
        } else if waitingHead >= 4096, waitingHead * 2 >= waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }
}
