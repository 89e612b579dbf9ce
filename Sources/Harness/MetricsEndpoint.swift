import HTTPServer
import LoadModel
import Synchronization

/// `/metrics` for `run --metrics-listen`: an HTTP server on 127.0.0.1 whose threads render the last snapshot
/// the run loop published. The run loop only swaps a value under the lock (at most every
/// `publishInterval`), so scrapes cost the run almost nothing; text is built on request, on the server's thread.
public final class MetricsEndpoint: Sendable {
    /// How often the run loop publishes: a scrape sees the run at most this old (and the final values at the end).
    static let publishInterval: Int64 = 100_000_000

    private let server: HTTPServer
    private let board = Board()
    /// The bound port (the kernel's choice when 0 was asked for).
    public let port: UInt16

    /// Starts serving on 127.0.0.1:`port` (0: a free port).
    /// - Throws: `RunFailure` (exit 3) when the port cannot be bound.
    public init(port: UInt16) throws {
        let board = board
        server = HTTPServer(port: port, loops: 1, limits: ConnectionLimits(idleTimeout: .seconds(60), headerTimeout: .seconds(10), maxConnections: 64),
                            handler: { request in Self.answer(request, board.latest.withLock { $0 }) })
        do {
            self.port = try server.start()
        } catch {
            throw RunFailure(code: .couldNotRun, message: "--metrics-listen: cannot listen on 127.0.0.1:\(port): \(error)")
        }
    }

    deinit { server.stop() }

    public var url: String { "http://127.0.0.1:\(port)/metrics" }

    /// Replaces the snapshot scrapes see.
    func publish(_ snapshot: MetricsSnapshot) { board.latest.withLock { $0 = snapshot } }

    /// The exposition as a scrape would get it now (nil before the first snapshot).
    public func text() -> String? { board.latest.withLock { $0 }.map(PrometheusText.render) }

    /// Stops serving; the last snapshot stays readable through `text()`.
    public func stop() { server.stop() }

    /// The last published snapshot, shared by the run loop (writer) and the server's thread (readers).
    private final class Board: Sendable {
        let latest = Mutex<MetricsSnapshot?>(nil)
    }

    static func answer(_ request: HTTPRequest, _ snapshot: MetricsSnapshot?) -> HTTPReply {
        guard request.path == "/metrics" else {
            return .respond(HTTPResponse(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("only /metrics is served here\n".utf8)))
        }
        guard request.method == "GET" else {
            return .respond(HTTPResponse(status: 405, headers: [("Allow", "GET")]))
        }
        guard let snapshot else {
            return .respond(HTTPResponse(status: 503, headers: [("Retry-After", "1")], body: Array("the run has not started\n".utf8)))
        }
        return .respond(HTTPResponse(status: 200, headers: [("Content-Type", PrometheusText.contentType)],
                                     body: Array(PrometheusText.render(snapshot).utf8)))
    }
}
