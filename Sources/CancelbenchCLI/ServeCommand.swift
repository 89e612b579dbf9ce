import Foundation
import HTTPServer
import LoadModel
import ReferenceTarget

/// `cancelbench serve`: the reference target alone, for `run --target` from another process or another tool.
struct ServeCommand: Command {
    static let name = "serve"
    static let usage = "serve [--profile pika|beatra|praison] [--port N] [options]"
    static let abstract = "Serve the reference target (one of the three contracts) on 127.0.0.1 until Ctrl-C."
    static let discussion = """
    The reference target implements the contract of its seed document: Pika and beatra require a bearer token
    (by default the token 'cancelbench-local'; --token or CANCELBENCH_TOKEN to choose another), PraisonAI takes none.
    The token 'cancelbench-unpaid' is an account without a subscription (Pika answers it 402).
    It listens on 127.0.0.1 only. Finished jobs are forgotten 5 minutes after they end (reads then answer 404, as
    with an expired job), and beatra remembers the last 50,000 Idempotency-Keys, so memory stays bounded.
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "profile", value: "NAME", help: "Contract to serve: pika, beatra or praison. Default pika."),
        OptionSpec(name: "port", value: "N", help: "TCP port on 127.0.0.1; 0 picks a free one. Default 8080."),
        OptionSpec(name: "token", value: "TOKEN", help: "Bearer token to accept (or set CANCELBENCH_TOKEN). Default cancelbench-local.", repeatable: true),
        OptionSpec(name: "loops", value: "N", help: "Event-loop threads. Default 1."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ] + TargetOptions.specs

    let config: TargetConfig
    let port: UInt16
    let loops: Int

    init(_ args: ParsedArguments) throws {
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let name = args.string("profile") ?? "pika"
        guard let dialect = Dialect(rawValue: name) else {
            throw UsageError("--profile: the reference target serves pika, beatra or praison, not '\(name)'")
        }
        var config = try TargetOptions.config(args, dialect: dialect)
        var tokens = args.all("token")
        if tokens.isEmpty, let env = ProcessInfo.processInfo.environment["CANCELBENCH_TOKEN"], !env.isEmpty { tokens = [env] }
        if !tokens.isEmpty { config.tokens = Set(tokens) }
        self.config = config
        port = UInt16(try args.int("port", in: 0...65535) ?? 8080)
        loops = try args.int("loops", in: 1...64) ?? 1
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let console = context.console
        let target = try EmbeddedTarget(config: config, port: port, loops: loops)
        let stop = StopSignal()
        stop.install()
        // The one line a script waits for; it names the port but never a token.
        console.out("cancelbench serve: \(config.dialect.rawValue) contract on \(target.url) (Ctrl-C to stop)")
        while !stop.isRaised { usleep(50_000) }
        stop.uninstall()
        target.stop()
        console.note("cancelbench serve: stopped")
        return .pass
    }
}
