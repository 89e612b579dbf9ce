import FaultProxy
import Foundation
import Harness
import LoadModel

/// `cancelbench proxy`: a loopback TCP proxy with static faults, to put in front of any target (as Toxiproxy
/// does) so latency, lost answers and partitions reach it without root or network namespaces.
struct ProxyCommand: Command {
    static let name = "proxy"
    static let usage = "proxy --listen 127.0.0.1:PORT --upstream http://127.0.0.1:PORT [--latency D] [--reset P] [--blackhole | --refuse] [options]"
    static let abstract = "Forward 127.0.0.1:PORT to a loopback target, adding latency, resets or a partition, until Ctrl-C."
    static let discussion = """
    A TCP proxy: it never reads the bytes it carries, so any HTTP (or other) traffic passes unchanged unless a
    fault applies. --latency holds back every chunk going from the target to the client. --reset draws once per
    answer (seeded by --seed, the connection's number and the answer's number on it): the request reaches the
    target, and when the drawn answer's first bytes arrive they are dropped and the client's connection is
    reset. The target acted; the client cannot know it (Jepsen's info). --blackhole accepts and never answers
    (a partition that hangs the client until its timeout); --refuse accepts and resets at once (a partition the
    client sees at once). A target that cannot be reached is a reset too.
    It listens on 127.0.0.1 only and forwards to 127.0.0.1 or localhost only. Connections beyond
    --max-connections are reset at once, so its threads stay bounded. On stop (Ctrl-C or SIGTERM, exit 0) it
    prints connections, bytes each way and the faults it applied.
    The fault schedule (faults in seeded windows, pause, kill and restart of the target) is not here yet.
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "listen", value: "ADDR", help: "Where to listen: 127.0.0.1:PORT (0 picks a free port). Required."),
        OptionSpec(name: "upstream", value: "URL", help: "The target: http://127.0.0.1:PORT or http://localhost:PORT. Required."),
        OptionSpec(name: "latency", value: "D", help: "Delay added before each chunk from the target to the client, such as 50ms. Default 0."),
        OptionSpec(name: "reset", value: "P", help: "Share of answers dropped and the client's connection reset, 0.05 or 5%. Default 0."),
        OptionSpec(name: "blackhole", value: nil, help: "Accept connections and never answer (read and discard)."),
        OptionSpec(name: "refuse", value: nil, help: "Accept connections and reset them at once."),
        OptionSpec(name: "seed", value: "S", help: "Seed of the dice: the same seed resets the same answers (connection n, answer k). Default: random, printed."),
        OptionSpec(name: "max-connections", value: "N", help: "Connections open at once; beyond it new ones are reset. Default 4096."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let listenPort: UInt16
    let upstreamPort: UInt16
    let faults: FaultSettings

    init(_ args: ParsedArguments) throws {
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        guard let listen = args.string("listen") else { throw UsageError("--listen: required, such as --listen 127.0.0.1:8081") }
        listenPort = try Self.listenPort(listen)
        guard let upstream = args.string("upstream") else { throw UsageError("--upstream: required, such as --upstream http://127.0.0.1:8080") }
        upstreamPort = try Self.upstreamPort(upstream)
        var faults = FaultSettings()
        if let span = try args.duration("latency", in: Span.zero...Span.seconds(60)) {
            faults.latencyNanoseconds = UInt64(span.nanoseconds)
        }
        faults.resetProbability = try args.fraction("reset") ?? 0
        if args.flag("blackhole"), args.flag("refuse") {
            throw UsageError("--blackhole and --refuse are two kinds of partition; give one")
        }
        faults.partition = args.flag("blackhole") ? .blackhole : args.flag("refuse") ? .refuse : nil
        if let s = args.string("seed") {
            guard let v = UInt64(s) else { throw UsageError("--seed: expected a whole number ≥ 0, found '\(s)'") }
            faults.seed = v
        } else {
            faults.seed = UInt64.random(in: 0..<1_000_000_000)
        }
        faults.maxConnections = try args.int("max-connections", in: 1...100_000) ?? 4096
        self.faults = faults
    }

    /// `127.0.0.1:PORT` or `localhost:PORT`; any other host is refused (the proxy is a loopback tool).
    static func listenPort(_ text: String) throws(UsageError) -> UInt16 {
        guard let colon = text.lastIndex(of: ":") else {
            throw UsageError("--listen: expected 127.0.0.1:PORT, found '\(text)'")
        }
        let host = String(text[..<colon])
        guard host == "127.0.0.1" || host == "localhost" else {
            throw UsageError("--listen: the proxy listens on 127.0.0.1 only, not '\(host)'")
        }
        guard let port = UInt16(text[text.index(after: colon)...]) else {
            throw UsageError("--listen: expected a port from 0 to 65535 after the colon, found '\(text)'")
        }
        return port
    }

    /// The upstream URL's port; its host must be 127.0.0.1 or localhost, and it may have no path (the proxy
    /// forwards bytes, it cannot add one).
    static func upstreamPort(_ text: String) throws(UsageError) -> UInt16 {
        let url = try TargetURL(text, name: "--upstream")
        guard let parts = URLComponents(string: url.url), let host = parts.host else {
            throw UsageError("--upstream: expected a URL such as http://127.0.0.1:8080, found '\(url.display)'")
        }
        guard host == "127.0.0.1" || host.lowercased() == "localhost" else {
            throw UsageError("--upstream: the proxy forwards to 127.0.0.1 or localhost only, not '\(host)'")
        }
        guard parts.path.isEmpty || parts.path == "/" else {
            throw UsageError("--upstream: a TCP proxy cannot add the path '\(parts.path)'; give it to the client instead")
        }
        return UInt16(parts.port ?? (parts.scheme == "https" ? 443 : 80))
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let console = context.console
        let proxy: FaultProxy
        do {
            proxy = try FaultProxy(listenPort: listenPort, upstreamPort: upstreamPort, faults: faults)
        } catch {
            throw RunFailure(code: .couldNotRun, message: "cannot start the proxy: \(error)")
        }
        let stop = StopSignal()
        stop.install()
        proxy.start()
        // The one line a script waits for: where to connect, where it goes, and the faults with their seed.
        console.out("cancelbench proxy: 127.0.0.1:\(proxy.port) → 127.0.0.1:\(upstreamPort); \(Self.faultText(faults)) (Ctrl-C to stop)")
        while !stop.isRaised { usleep(50_000) }
        stop.uninstall()
        proxy.stop()
        console.note(Self.stopLine(proxy.stats, cap: faults.maxConnections))
        return .pass
    }

    /// The faults in words, `faults: latency 50ms, reset 5%; seed 42`.
    static func faultText(_ faults: FaultSettings) -> String {
        var parts: [String] = []
        if let partition = faults.partition { parts.append(partition.rawValue) }
        if faults.latencyNanoseconds > 0 {
            parts.append("latency \(DurationText.exact(Span(nanoseconds: Int64(faults.latencyNanoseconds))))")
        }
        if faults.resetProbability > 0 { parts.append("reset \(JSONText.number(faults.resetProbability * 100))%") }
        return "faults: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ")) + "; seed \(faults.seed)"
    }

    /// The line printed on stop.
    static func stopLine(_ s: FaultProxyStats, cap: Int) -> String {
        "cancelbench proxy: stopped; \(s.connections) connections (\(s.overCap) over the cap \(cap)), "
            + "\(s.bytesUp) bytes up, \(s.bytesDown) bytes down; faults: \(s.resets) reset, \(s.refused) refused, "
            + "\(s.blackholed) blackholed, \(s.delayedChunks) chunks delayed; \(s.upstreamFailures) upstream unreachable"
    }
}
