import HTTPServer
import LoadModel
import ReferenceTarget

/// The reference target served on an ephemeral loopback port, in this process.
public final class EmbeddedTarget {
    public let server: HTTPServer
    public let target: ReferenceTarget
    public let port: UInt16

    /// The limits `run` serves its embedded target with. A long idle timeout: a load harness keeps spare
    /// connections idle for minutes, and closing them would show up as reconnects that the target's design
    /// did not cause. No cap but the descriptor limit: `run`'s own client, the only one, may open up to
    /// 10,000 connections, and the harness must never blame the target for a limit of its own making.
    public static var runLimits: ConnectionLimits {
        ConnectionLimits(idleTimeout: .seconds(600), headerTimeout: .seconds(10),
                         maxConnections: ConnectionLimits.descriptorBudget())
    }

    /// Starts serving `config`'s contract on 127.0.0.1 with `limits` (by default `runLimits`), its state kept in
    /// the store file `storeFile` when one is given (replayed first).
    /// - Throws: `DataError` (exit 65) for a store that cannot be replayed; `RunFailure` (exit 3) when the store
    ///   file cannot be opened or written, or the port cannot be bound.
    public init(config: TargetConfig, port: UInt16 = 0, loops: Int = 1, limits: ConnectionLimits = EmbeddedTarget.runLimits,
                storeFile: String? = nil) throws {
        let target: ReferenceTarget
        if let storeFile {
            do {
                target = try ReferenceTarget(config: config, storeFile: storeFile)
            } catch .badData(let file, let line, let path, let message) {
                throw DataError(file: file, path: path == "$" ? "line \(line)" : "line \(line): \(path)", message: message)
            } catch {
                throw RunFailure(code: .couldNotRun, message: "--store \(error)")
            }
        } else {
            target = ReferenceTarget(config: config)
        }
        self.target = target
        server = HTTPServer(port: port, loops: loops, limits: limits, handler: { target.handle($0) })
        do {
            self.port = try server.start()
        } catch {
            throw RunFailure(code: .couldNotRun, message: "cannot start the reference target on 127.0.0.1:\(port): \(error)")
        }
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Stops serving, then the target's callback deliveries.
    public func stop() {
        server.stop()
        target.shutdown()
    }
}
