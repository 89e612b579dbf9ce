import Synchronization

/// Remembers the response to each (account, Idempotency-Key) so a retry replays it instead of executing again.
///
/// The check, the execution and the recording happen under one shard lock, so two concurrent requests
/// with the same key can never both execute: the second waits a few microseconds and gets the replay.
/// The store is bounded: past `capacity` keys the oldest are forgotten first.
final class IdempotencyStore: Sendable {
    /// A 128-bit digest of what the request asks for: method, path and body bytes.
    struct Fingerprint: Hashable, Sendable {
        let high: UInt64
        let low: UInt64

        init(method: String, path: some StringProtocol, body: [UInt8]) {
            // Two independent 64-bit hashes (FNV-1a, and SplitMix over the bytes) make an accidental match
            // between different payloads vanishingly unlikely while storing 16 bytes, not the whole body.
            var fnv: UInt64 = 0xCBF2_9CE4_8422_2325
            var mixed: UInt64 = 0x2545_F491_4F6C_DD1D
            func feed(_ byte: UInt8) {
                fnv = (fnv ^ UInt64(byte)) &* 0x100_0000_01B3
                mixed = SplitMix64.mix(mixed ^ UInt64(byte))
            }
            for byte in method.utf8 { feed(byte) }
            feed(0)
            for byte in path.utf8 { feed(byte) }
            feed(0)
            for byte in body { feed(byte) }
            high = fnv
            low = mixed ^ UInt64(body.count)
        }

        /// The 32 lowercase hex digits a store file keeps.
        var hex: String {
            var text = JSONText(capacity: 32)
            text.hex(high, minimumWidth: 16)
            text.hex(low, minimumWidth: 16)
            return String(decoding: text.bytes, as: UTF8.self)
        }

        /// The fingerprint 32 lowercase hex digits spell, or nil.
        init?(hex: String) {
            let utf8 = Array(hex.utf8)
            guard utf8.count == 32 else { return nil }
            var halves: [UInt64] = [0, 0]
            for (index, byte) in utf8.enumerated() {
                guard let digit = JobID.lowerHexValue(byte) else { return nil }
                halves[index / 16] = halves[index / 16] << 4 | UInt64(digit)
            }
            (high, low) = (halves[0], halves[1])
        }
    }

    /// A stored response.
    struct Stored: Sendable {
        let fingerprint: Fingerprint
        let status: Int
        let body: [UInt8]
    }

    /// What happened to a request carrying a key.
    enum Result: Sendable {
        /// First use of the key: executed now, and stored.
        case executed(status: Int, body: [UInt8])
        /// Same key, same fingerprint: the stored response, not executed again.
        case replayed(status: Int, body: [UInt8])
        /// Same key, different fingerprint: rejected, not executed.
        case reused
    }

    /// One lock, its keys, and their insertion order for eviction.
    private final class Shard: Sendable {
        struct State {
            var entries: [String: Stored] = [:]
            /// Keys in insertion order as a ring: once full, `order[head]` is the oldest.
            var order: [String] = []
            var head = 0
        }
        let state = Mutex(State())
    }

    private static let shardCount = 16
    private let shards: [Shard]
    /// Most keys kept per shard.
    private let capacityPerShard: Int
    /// Where each newly stored answer is written down (`serve --store`), or nil in memory.
    private let log: StoreLog?

    /// A store keeping at most about `capacity` keys (at least one per shard), writing each new one to `log`.
    init(capacity: Int, log: StoreLog? = nil) {
        capacityPerShard = max(1, capacity / IdempotencyStore.shardCount)
        shards = (0..<IdempotencyStore.shardCount).map { _ in Shard() }
        self.log = log
    }

    /// Runs `execute` unless `key` (scoped to `scope`, the caller's token) was seen before; see `Result`.
    /// - Parameter executeAgain: asked on a replay; a non-nil answer is returned as `.executed` instead of the
    ///   stored response (which is kept). Only the `idempotency-replay-executes` fault passes it.
    func perform(scope: String, key: String, fingerprint: Fingerprint,
                 executeAgain: (() -> (status: Int, body: [UInt8])?)? = nil,
                 execute: () -> (status: Int, body: [UInt8])) -> Result {
        let composite = IdempotencyStore.composite(scope: scope, key: key)
        return shard(composite).state.withLock { state in
            if let stored = state.entries[composite] {
                guard stored.fingerprint == fingerprint else { return .reused }
                if let (status, body) = executeAgain?() { return .executed(status: status, body: body) }
                return .replayed(status: stored.status, body: stored.body)
            }
            let (status, body) = execute()
            let stored = Stored(fingerprint: fingerprint, status: status, body: body)
            insert(stored, as: composite, into: &state)
            log?.stored(scope: scope, key: key, stored)
            return .executed(status: status, body: body)
        }
    }

    /// Puts back an answer a store recorded, as `perform` stored it (replay only; not written again).
    func restore(scope: String, key: String, _ stored: Stored) {
        let composite = IdempotencyStore.composite(scope: scope, key: key)
        shard(composite).state.withLock { state in
            if state.entries[composite] != nil {
                state.entries[composite] = stored
            } else {
                insert(stored, as: composite, into: &state)
            }
        }
    }

    /// The idempotency scope of an account: a 128-bit digest of its token in hex, so stored answers (and a
    /// store file) are keyed by account without holding the secret.
    static func scope(ofToken token: String) -> String {
        Fingerprint(method: "scope", path: "", body: Array(token.utf8)).hex
    }

    /// NUL cannot occur in a header value, so the composite key cannot be forged across accounts.
    private static func composite(scope: String, key: String) -> String { scope + "\u{0}" + key }

    /// The shard of a composite key: FNV-1a rather than `hashValue`, whose per-process seed would make eviction
    /// order irreproducible.
    private func shard(_ composite: String) -> Shard {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in composite.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return shards[Int(hash % UInt64(IdempotencyStore.shardCount))]
    }

    /// Stores a new key, forgetting the shard's oldest once it is full.
    private func insert(_ stored: Stored, as composite: String, into state: inout Shard.State) {
        state.entries[composite] = stored
        if state.order.count < capacityPerShard {
            state.order.append(composite)
        } else {
            state.entries[state.order[state.head]] = nil
            state.order[state.head] = composite
            state.head = (state.head + 1) % capacityPerShard
        }
    }
}
