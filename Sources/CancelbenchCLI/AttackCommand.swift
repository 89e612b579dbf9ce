import Harness
import Foundation
import LoadModel
import Reports


/// `cancelbench attack`: plain HTTP load on the same transport and histograms as `run`, Vegeta-style, to
/// calibrate a setup and to benchmark the transport itself.
struct AttackCommand: Command {
    static let name = "attack"
    static let usage = "attack URL [--concurrency N | --rate R] [--duration D] [--requests N] [options]"
    static let abstract = "Send plain HTTP load to one URL and report latency, throughput and client CPU per request."
    static let discussion = """
    The closed model keeps --concurrency requests in flight; the open model (--rate) starts requests on a
    constant schedule and measures latency from each intended start (corrected) as well as from the send. The
    results folder gets summary.json (requests, rate, errors, connections opened, the HTTP client, client CPU per request,
    percentiles), attack.hgrm, attack.uncorrected.hgrm and latency.hlog; --csv adds requests.csv (it costs CPU,
    so benchmarks leave it off).
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "concurrency", value: "N", help: "Closed model: requests in flight. Default 64."),
        OptionSpec(name: "rate", value: "R", help: "Open model: requests started per second."),
        OptionSpec(name: "connections", value: "N", help: "Connections kept alive. Default: the concurrency (64 for --rate)."),
        OptionSpec(name: "duration", value: "D", help: "How long to send. Default 10s."),
        OptionSpec(name: "requests", value: "N", help: "Stop after N requests (whichever comes first with --duration)."),
        OptionSpec(name: "method", value: "M", help: "HTTP method. Default GET."),
        OptionSpec(name: "header", value: "'K: V'", help: "A request header.", repeatable: true),
        OptionSpec(name: "body", value: "TEXT", help: "A request body."),
        OptionSpec(name: "timeout", value: "D", help: "Timeout of one request, 1ms to 1h. Default 5s."),
        OptionSpec(name: "max-in-flight", value: "N", help: "Open model: requests waiting or in flight at most; starts beyond it are dropped and counted. Default 10000."),
        OptionSpec(name: "max-body", value: "SIZE", help: "Largest answer body read; a longer one is cut off (error body-too-large). Default 4MB."),
        TransportOption.spec,
        OptionSpec(name: "out", value: "DIR", help: "Results folder. Default cancelbench-results/attack-ID."),
        OptionSpec(name: "csv", value: nil, help: "Also write requests.csv, one row per request."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ]

    let settings: Attack.Settings

    init(_ args: ParsedArguments) throws {
        guard args.positionals.count == 1 else { throw UsageError("attack needs exactly one URL, found \(args.positionals.count)") }
        let url = try TargetURL(args.positionals[0], name: "URL", base: false)
        let rate = try args.double("rate", in: 0.001...10_000_000)
        if rate != nil, args.string("concurrency") != nil { throw UsageError("--rate and --concurrency choose different load models; give one") }
        let concurrency = try args.int("concurrency", in: 1...100_000) ?? 64
        let method = args.string("method") ?? "GET"
        guard !method.isEmpty, method.allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            throw UsageError("--method: expected an upper-case HTTP method such as GET, found '\(method)'")
        }
        for h in args.all("header") where !h.contains(":") || h.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
            throw UsageError("--header: expected 'Name: value' on one line (no control characters), found '\(h.debugDescription.dropFirst().dropLast())'")
        }
        var settings = Attack.Settings(
            url: url, method: method, headers: args.all("header"),
            body: args.string("body").map { Array($0.utf8) }, concurrency: concurrency, rate: rate,
            connections: try args.int("connections", in: 1...100_000) ?? (rate == nil ? concurrency : 64),
            duration: try args.duration("duration", in: DurationLimits.runLength) ?? .seconds(10),
            requests: try args.int("requests", in: 1...Int.max), maxInFlight: try args.int("max-in-flight", in: 1...1_000_000) ?? 10_000,
            timeout: try args.duration("timeout", in: DurationLimits.requestTimeout) ?? .seconds(5),
            maxBody: try args.byteSize("max-body", in: 1024...(1 << 30)) ?? 4 << 20,
            out: args.string("out") ?? "cancelbench-results/attack-\(RunID.make())", csv: args.flag("csv"))
        settings.transport = try TransportOption.parse(args, url: url.url)
        self.settings = settings
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let stop = StopSignal()
        if context.handleSignals { stop.install() }
        defer { if context.handleSignals { stop.uninstall() } }
        let result = try Attack(settings: settings, stop: stop).run()
        try result.write(to: settings.out)
        context.console.out(result.text + "\nresults: \(settings.out)/")
        if stop.isRaised { return .interrupted }
        if result.completed > 0, Double(result.transportErrors) / Double(result.completed) > 0.5 {
            context.console.error("Error: \(result.transportErrors) of \(result.completed) requests got no HTTP answer; check that \(settings.url.display) is up")
            return .couldNotRun
        }
        return .pass
    }
}
