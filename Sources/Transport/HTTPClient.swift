/// What the engine needs of an HTTP/1.1 client: start exchanges, drive them from one thread, be woken from
/// another. Two clients have it: `NativeClient` (plain `http://`, its own epoll loop) and `CurlClient`
/// (libcurl: TLS, credentials in the URL, anything else). Both pass the same transport tests.
public protocol HTTPClient: AnyObject {
    /// Hands a request to the client; its answer comes back from a later `poll`.
    func start(_ request: ClientRequest)
    /// Makes progress for at most `timeoutMilliseconds` (0: only what is ready) and reports each completed exchange.
    func poll(timeoutMilliseconds: Int, _ onComplete: (ClientResponse) -> Void)
    /// Forgets the requests still waiting for a connection slot (a run stopping) and returns their tags.
    func dropWaiting() -> [Int]
    /// Exchanges started and not yet reported.
    var inFlight: Int { get }
    /// Connections opened since the client was made.
    var connectionsOpened: Int { get }
    /// The most response body bytes kept per exchange.
    var maxBodyBytes: Int { get }
    /// Wakes a `poll` in progress from another thread.
    var waker: ClientWaker { get }
    /// The client's name in outputs: `native` or `libcurl`.
    var name: String { get }
}

/// Interrupts a client's `poll` from any thread (Ctrl-C).
public struct ClientWaker: Sendable {
    let action: @Sendable () -> Void

    public init(_ action: @escaping @Sendable () -> Void) { self.action = action }

    public func wake() { action() }
}

/// Which client sends a run's requests (`--transport`).
public enum TransportChoice: String, Sendable, CaseIterable, Codable {
    /// The native client for plain `http://` URLs without credentials, libcurl for everything else.
    case auto
    /// The native client; a URL it cannot send is refused before the run starts.
    case native
    /// libcurl for every URL.
    case curl

    /// The client for requests to `url` (every request of a run shares its scheme and origin).
    public func makeClient(for url: String, maxConnections: Int, timeoutMilliseconds: Int,
                           maxBodyBytes: Int = 8 << 20) throws -> any HTTPClient {
        switch resolved(for: url) {
        case .native:
            return try NativeClient(maxConnections: maxConnections, timeoutMilliseconds: timeoutMilliseconds, maxBodyBytes: maxBodyBytes)
        default:
            return try CurlClient(maxConnections: maxConnections, timeoutMilliseconds: timeoutMilliseconds, maxBodyBytes: maxBodyBytes)
        }
    }

    /// `native` or `curl`: what `auto` picks for `url`.
    public func resolved(for url: String) -> TransportChoice {
        switch self {
        case .native, .curl: return self
        case .auto:
            do { _ = try PlainURL.parse(url); return .native } catch { return .curl }
        }
    }

    /// Why the native client cannot send `url`, or nil when it can (for `--transport native`'s check).
    public static func nativeRefusal(_ url: String) -> String? {
        do { _ = try PlainURL.parse(url); return nil } catch { return error.description }
    }
}
