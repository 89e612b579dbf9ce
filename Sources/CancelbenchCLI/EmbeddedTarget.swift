import HTTPServer
import ReferenceTarget

/// The reference target served on an ephemeral loopback port, in this process.
final class EmbeddedTarget {
    let server: HTTPServer
    let target: ReferenceTarget
    let port: UInt16

    /// Starts serving `config`'s contract on 127.0.0.1.
    init(config: TargetConfig, port: UInt16 = 0, loops: Int = 1) throws {
        let target = ReferenceTarget(config: config)
        self.target = target
        // A long idle timeout: a load harness keeps spare connections idle for minutes, and closing them would
        // show up as reconnects that the target's design did not cause.
        server = HTTPServer(port: port, loops: loops, idleTimeout: .seconds(600), handler: { target.handle($0) })
        do {
            self.port = try server.start()
        } catch {
            throw CommandFailure(code: .couldNotRun, message: "cannot start the reference target on 127.0.0.1:\(port): \(error)")
        }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops serving, then the target's callback deliveries.
    func stop() {
        server.stop()
        target.shutdown()
    }
}
