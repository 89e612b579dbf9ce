import Foundation
import FaultProxy
import LoadModel

/// What a run with a nemesis sets up around the target, and takes down whatever happens: the target's
/// process (`--target-cmd`, started and made ready here), a paused-only process started elsewhere
/// (`--target-pid`), the fault proxy the run's traffic goes through (for the network faults), and the nemesis.
final class ChaosRig {
    let target: TargetProcess?
    let external: ExternalProcess?
    let proxy: FaultProxy?
    let nemesis: Nemesis
    /// Where the run sends its requests: the proxy when there is one, else the target.
    let url: String

    /// Starts the target (when the run owns it) and the proxy; the nemesis starts with the run's clock.
    /// `readyURL` is where readiness is asked when `--target-ready` is not given: the target's URL without its
    /// user or password (any HTTP answer, 401 too, means ready).
    init(_ chaos: ChaosPlan, seed: UInt64, upstream: String, readyURL: String, logPath: String) throws {
        var target: TargetProcess?
        var external: ExternalProcess?
        var proxy: FaultProxy?
        do {
            if let command = chaos.targetCommand {
                let t = try TargetProcess(command: command, readyURL: chaos.targetReady ?? readyURL,
                                          readyTimeoutNanoseconds: chaos.readyTimeout.nanoseconds, logPath: logPath)
                target = t
                try t.start()
            } else if let pid = chaos.targetPid {
                external = try ExternalProcess(pid: pid)
            }
            var url = upstream
            if chaos.needsProxy {
                guard var parts = URLComponents(string: upstream), let port = parts.port ?? (parts.scheme == "http" ? 80 : nil) else {
                    throw RunFailure(code: .usage, message: "--nemesis: the network faults need an http:// target with a port, found '\(upstream)'")
                }
                let p = try FaultProxy(listenPort: 0, upstreamPort: UInt16(port), faults: FaultSettings(seed: seed))
                p.start()
                proxy = p
                parts.host = "127.0.0.1"
                parts.port = Int(p.port)
                url = parts.string ?? upstream
            }
            self.url = url
        } catch let e as TargetProcessError {
            target?.stop()
            throw RunFailure(code: .couldNotRun, message: "--target-cmd: \(e)")
        } catch let e as FaultProxyError {
            target?.stop()
            throw RunFailure(code: .couldNotRun, message: "--nemesis: cannot start the fault proxy: \(e)")
        } catch {
            target?.stop()
            throw error
        }
        self.target = target
        self.external = external
        self.proxy = proxy
        nemesis = Nemesis(plan: chaos, seed: seed, target: target, external: external, proxy: proxy)
    }

    /// Ends the nemesis (lifting an open window), then the proxy, then the target's processes. Idempotent.
    func stop() {
        nemesis.stop()
        proxy?.stop()
        target?.stop()
        external?.stop()
    }
}
