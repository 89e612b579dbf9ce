import Harness
import LoadModel

/// `--metrics-listen` and `--metrics-linger`: the Prometheus endpoint a run serves while it goes.
struct MetricsOptions: Equatable {
    /// The port on 127.0.0.1 (0: a free one, printed).
    var port: UInt16
    /// How long `/metrics` stays up after the outputs are written.
    var linger: Span

    static let specs: [OptionSpec] = [
        OptionSpec(name: "metrics-listen", value: "ADDR", help: "Serve Prometheus metrics at http://ADDR/metrics while the run goes, until its outputs are written; ADDR is 127.0.0.1:PORT or localhost:PORT (port 0: a free one, printed). Loopback only."),
        OptionSpec(name: "metrics-linger", value: "D", help: "With --metrics-listen: keep /metrics up D after the outputs are written, so a scraper gets the final values. Default 0s."),
    ]

    /// The options, or nil without `--metrics-listen`; a non-loopback address is a usage error.
    static func parse(_ args: ParsedArguments) throws(UsageError) -> MetricsOptions? {
        guard let listen = args.string("metrics-listen") else {
            if args.string("metrics-linger") != nil { throw UsageError("--metrics-linger keeps /metrics up after the run: give --metrics-listen 127.0.0.1:PORT") }
            return nil
        }
        let linger = try args.duration("metrics-linger", in: Span.zero...Span.hours(1)) ?? .zero
        return MetricsOptions(port: try port(listen), linger: linger)
    }

    /// The port of `127.0.0.1:PORT` or `localhost:PORT`. Metrics name the run's target and seed, and the
    /// server speaks plain HTTP without authentication: it is never exposed beyond this machine.
    static func port(_ listen: String) throws(UsageError) -> UInt16 {
        guard let colon = listen.lastIndex(of: ":") else {
            throw UsageError("--metrics-listen: expected 127.0.0.1:PORT, found '\(listen)'")
        }
        let host = String(listen[..<colon])
        let portText = String(listen[listen.index(after: colon)...])
        if host == "[::1]" || host == "::1" {
            throw UsageError("--metrics-listen: metrics are served on IPv4 loopback only; give 127.0.0.1:\(portText)")
        }
        guard host == "127.0.0.1" || host == "localhost" else {
            throw UsageError("--metrics-listen: metrics are served on loopback only (127.0.0.1:PORT or localhost:PORT); '\(host.isEmpty ? listen : host)' is not; to scrape from elsewhere, run Prometheus (or an SSH tunnel) on this machine")
        }
        guard let port = UInt16(portText) else {
            throw UsageError("--metrics-listen: expected a port from 0 to 65535, found '\(portText)'")
        }
        return port
    }
}
