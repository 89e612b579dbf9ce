import Glibc

/// The delivery thread's working set: the queue, and the exchanges in flight on their sockets, with the
/// `poll` that waits for them. Owned by that one thread.
struct CallbackSender {
    /// What to send next and what became of what was sent.
    var queue: CallbackQueue
    private var exchanges: [CallbackExchange] = []
    private var pollSet: [pollfd] = []

    init(policy: CallbackPolicy) {
        queue = CallbackQueue(policy: policy)
    }

    /// Opens an attempt for `delivery`; the failure when it could not even start (it is not in flight then).
    mutating func begin(_ delivery: CallbackDelivery, now: Int64) -> CallbackExchange.Failure? {
        switch CallbackExchange.start(delivery, now: now, timeout: queue.policy.attemptTimeout) {
        case .success(let exchange):
            exchanges.append(exchange)
            return nil
        case .failure(let failure):
            return failure
        }
    }

    /// The earliest attempt deadline or backoff end (monotonic ns), or nil when neither waits.
    var nextDeadline: Int64? {
        let attempt = exchanges.lazy.map(\.deadline).min()
        guard let backoff = queue.nextDeadline else { return attempt }
        return min(attempt ?? backoff, backoff)
    }

    /// Sleeps in `poll` on the sockets in flight and `wakeFD` for at most `timeout` ms (-1: until one is
    /// ready); returns each exchange's `revents`, in order. A byte on `wakeFD` is drained.
    mutating func wait(wakeFD: Int32, timeout: Int32) -> [Int16] {
        pollSet.removeAll(keepingCapacity: true)
        pollSet.append(pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0))
        for exchange in exchanges { pollSet.append(pollfd(fd: exchange.fd, events: exchange.events, revents: 0)) }
        let n = poll(&pollSet, nfds_t(pollSet.count), timeout)
        guard n > 0 else { return Array(repeating: 0, count: exchanges.count) }
        if pollSet[0].revents != 0 {
            var bytes = [UInt8](repeating: 0, count: 64)
            _ = read(wakeFD, &bytes, bytes.count)
        }
        return pollSet.dropFirst().map(\.revents)
    }

    /// Advances the exchanges `poll` found ready and ends those past their deadline; returns every exchange
    /// that ended, with its result, and forgets it (its socket closed).
    mutating func collect(_ revents: [Int16], now: Int64) -> [(CallbackDelivery, Result<Int, CallbackExchange.Failure>)] {
        var ended: [(CallbackDelivery, Result<Int, CallbackExchange.Failure>)] = []
        var kept: [CallbackExchange] = []
        for (index, var exchange) in exchanges.enumerated() {
            var result = revents[index] != 0 ? exchange.advance(revents[index]) : nil
            if result == nil && now >= exchange.deadline {
                result = .failure(exchange.timeoutFailure(timeout: queue.policy.attemptTimeout))
            }
            if let result {
                exchange.close()
                ended.append((exchange.delivery, result))
            } else {
                kept.append(exchange)
            }
        }
        exchanges = kept
        return ended
    }

    /// Closes every socket in flight, for shutdown.
    mutating func abandon() {
        for exchange in exchanges { exchange.close() }
        exchanges.removeAll()
    }
}
