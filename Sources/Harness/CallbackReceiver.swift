import HTTPServer
import LoadModel
import Synchronization

/// A loopback HTTP server that takes the API's completion callbacks and remembers, per job id, the status
/// each one showed, in arrival order.
final class CallbackReceiver: Sendable {
    /// Callbacks by job id, shared with the server's handler.
    final class Store: Sendable {
        let callbacks = Mutex<[String: [String]]>([:])
        /// Callbacks whose body had no readable id or status.
        let unreadable = Atomic<Int>(0)
    }

    private let server: HTTPServer
    let store = Store()
    let url: String

    /// Starts listening on 127.0.0.1 (an ephemeral port).
    init(profile: Profile, callback: Profile.Callback) throws {
        let store = self.store
        let statusPath = profile.fields.status
        server = HTTPServer(handler: { request in
            guard let doc = try? JSONParser.parse(request.body),
                  let id = doc.value(at: callback.id)?.stringValue,
                  let status = doc.value(at: statusPath)?.stringValue else {
                store.unreadable.add(1, ordering: .relaxed)
                return .respond(.json(400, "{\"error\":\"unreadable callback\"}"))
            }
            store.callbacks.withLock { $0[id, default: []].append(status) }
            return .respond(.json(200, "{}"))
        })
        let port = try server.start()
        url = "http://127.0.0.1:\(port)/callbacks"
    }

    /// Removes and returns the callbacks received for `id`; a later callback for it starts a new entry, which
    /// `remaining` then shows as a duplicate.
    func take(_ id: String) -> [String] { store.callbacks.withLock { $0.removeValue(forKey: id) ?? [] } }

    /// The callbacks received for these ids, without removing them.
    func peek(_ ids: [String]) -> [String: [String]] {
        store.callbacks.withLock { map in Dictionary(uniqueKeysWithValues: ids.compactMap { id in map[id].map { (id, $0) } }) }
    }

    /// Removes and returns everything still held.
    func remaining() -> [String: [String]] { store.callbacks.withLock { m in defer { m.removeAll() }; return m } }

    func stop() { server.stop() }
}
