import Harness
import Foundation
import HTTPServer
import LoadModel
import ReferenceTarget

/// `cancelbench serve`: the reference target alone, for `run --target` from another process or another tool.
struct ServeCommand: Command {
    static let name = "serve"
    static let usage = "serve [--profile pika|beatra|praison|ogc-processes] [--port N] [options]"
    static let abstract = "Serve the reference target (one of the four contracts) on 127.0.0.1 until Ctrl-C."
    static let discussion = """
    The reference target implements the contract of its seed document, or for ogc-processes the OGC API - Processes
    standard (Part 1: Core, with Dismiss: one process, 'sleep'). Pika and beatra require a bearer token (by default
    the token 'cancelbench-local'; --token or CANCELBENCH_TOKEN to choose another); PraisonAI and OGC take none.
    The token 'cancelbench-unpaid' is an account without a subscription (Pika answers it 402).
    A dismissed OGC job is removed at once: it then answers 404, as an unknown one does.
    It listens on 127.0.0.1 only. Finished jobs are forgotten 5 minutes after they end (reads then answer 404, as
    with an expired job), and beatra remembers the last 50,000 Idempotency-Keys, so memory stays bounded.
    Clients cannot hold it: a request that does not arrive whole within --header-timeout is answered 408 and
    closed however slowly its bytes trickle in, a silent connection is closed after --idle-timeout, and
    connections beyond --max-connections are answered 503 and closed while the others are served. beatra sends
    completion callbacks from a bounded queue (10,000 pending; beyond it they are dropped), 1 s per attempt and
    at most 8 at once per receiver, round-robin between receivers, so a receiver that never answers cannot hold
    up the others. On stop it prints what it shed, timed out, delivered and dropped.
    Without --store the jobs live in memory and die with the process; each start draws a new id key, so a
    restarted serve never hands out an id of its previous life (a read of an old id answers 404, as a lost job).
    With --store FILE every acknowledged change (a submit, a cancel, a stored Idempotency-Key answer) is appended
    to FILE as one JSON line and synced to disk before it is answered; a restart replays FILE, and its jobs carry
    on by wall-clock time as if the server had not stopped. A torn last line (a crash mid-write) is dropped and
    cut with a note; any other bad line, or a store of another --profile, refuses to start (exit 65). See
    docs/chaos.md for the format and what each sync costs.
    """
    static let options: [OptionSpec] = [
        OptionSpec(name: "profile", value: "NAME", help: "Contract to serve: pika, beatra, praison or ogc-processes. Default pika.",
                   completion: .words(Profile.referenceDialects)),
        OptionSpec(name: "port", value: "N", help: "TCP port on 127.0.0.1; 0 picks a free one. Default 8080."),
        OptionSpec(name: "token", value: "TOKEN", help: "Bearer token to accept (or set CANCELBENCH_TOKEN). Default cancelbench-local.", repeatable: true),
        OptionSpec(name: "loops", value: "N", help: "Event-loop threads. Default 1."),
        OptionSpec(name: "header-timeout", value: "D", help: "Time a request may take to arrive whole, from its first byte (or the connect); then 408 and close. Default 10s."),
        OptionSpec(name: "idle-timeout", value: "D", help: "Time a connection may stay silent between requests before it is closed. Default 60s."),
        OptionSpec(name: "max-connections", value: "N", help: "Connections open at once; beyond it new ones get 503 and a close. Default 4096 (ulimit -n minus \(ConnectionLimits.reservedDescriptors) if lower)."),
        OptionSpec(name: "store", value: "FILE", help: "Keep jobs, billing and Idempotency-Keys in this append-only file (created if absent, replayed if present), each change synced before it is answered. Default: in memory."),
        OptionSpec(name: "id-seed", value: "S", help: "Pin the key of the job ids (reproducible ids across restarts; with --store, only for a new file). Default: a new key each start."),
        OptionSpec(name: "quiet", value: nil, help: "Print only errors."),
    ] + TargetOptions.specs

    let config: TargetConfig
    let port: UInt16
    let loops: Int
    let limits: ConnectionLimits
    /// The store file, or nil to keep everything in memory.
    let storeFile: String?

    init(_ args: ParsedArguments) throws {
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let name = args.string("profile") ?? "pika"
        guard let dialect = Dialect(rawValue: name) else {
            throw UsageError("--profile: the reference target serves pika, beatra, praison or ogc-processes, not '\(name)'")
        }
        var config = try TargetOptions.config(args, dialect: dialect)
        var tokens = args.all("token")
        if tokens.isEmpty, let env = ProcessInfo.processInfo.environment["CANCELBENCH_TOKEN"], !env.isEmpty { tokens = [env] }
        if !tokens.isEmpty { config.tokens = Set(tokens) }
        if let s = args.string("id-seed") {
            guard let v = UInt64(s) else { throw UsageError("--id-seed: expected a whole number ≥ 0, found '\(s)'") }
            config.idSeed = v
        } else {
            // A real server's ids never come back after a restart (a database sequence, UUIDv4): a fresh key per life.
            config.idSeed = UInt64.random(in: .min ... .max)
        }
        self.config = config
        if let path = args.string("store") {
            guard !path.isEmpty else { throw UsageError("--store: expected a file path, found ''") }
            storeFile = path
        } else {
            storeFile = nil
        }
        port = UInt16(try args.int("port", in: 0...65535) ?? 8080)
        loops = try args.int("loops", in: 1...64) ?? 1
        var limits = ConnectionLimits()
        if let span = try args.duration("header-timeout", in: DurationLimits.serverTimeout) { limits.headerTimeout = .nanoseconds(span.nanoseconds) }
        if let span = try args.duration("idle-timeout", in: DurationLimits.serverTimeout) { limits.idleTimeout = .nanoseconds(span.nanoseconds) }
        if let cap = try args.int("max-connections", in: 1...1_000_000) { limits.maxConnections = cap }
        self.limits = limits
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let console = context.console
        let target = try EmbeddedTarget(config: config, port: port, loops: loops, limits: limits, storeFile: storeFile)
        if let replay = target.target.storeReplay {
            let (torn, summary) = Self.replayLines(replay)
            // A dropped record is shown even with --quiet: it is data the file no longer holds.
            if let torn { console.error(torn) }
            console.note(summary)
        }
        let stop = StopSignal()
        stop.install()
        // The one line a script waits for; it names the port but never a token.
        console.out("cancelbench serve: \(config.dialect.rawValue) contract on \(target.url) (Ctrl-C to stop)")
        while !stop.isRaised && target.target.storeFailure == nil { usleep(50_000) }
        stop.uninstall()
        target.stop()
        console.note(Self.stopLine(target.server.stats, cap: limits.maxConnections,
                                   callbacks: config.dialect == .beatra ? target.target.callbackStats : nil))
        if let failure = target.target.storeFailure, let storeFile {
            throw RunFailure(code: .couldNotRun, message: "--store \(storeFile): \(failure); stopped serving, since no "
                             + "answer may claim a change that is not on disk")
        }
        return .pass
    }

    /// What the replay of a store found: the torn-record line (nil when the file ended cleanly) and a summary.
    static func replayLines(_ replay: StoreReplaySummary) -> (torn: String?, summary: String) {
        var torn: String?
        if replay.tornBytes > 0 {
            torn = "cancelbench serve: \(replay.file): dropped a torn last record (line \(replay.tornLine), "
                + "\(replay.tornBytes) bytes without a newline: the server stopped mid-write); file cut to \(replay.length) bytes"
        }
        if replay.created {
            return (torn, "cancelbench serve: \(replay.file): new store; every change is synced before it is answered")
        }
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var summary = "cancelbench serve: \(replay.file): replayed \(count(replay.lines, "line")): "
            + "\(count(replay.jobs, "job")) (\(replay.cancels) with an accepted cancel"
        if replay.jobsKept < replay.jobs { summary += ", \(replay.jobs - replay.jobsKept) past retention and forgotten" }
        summary += "), \(count(replay.keys, "Idempotency-Key answer"))"
        return (torn, summary)
    }

    /// The line printed on stop: what the server served and shed, and (beatra) what became of the callbacks.
    static func stopLine(_ server: HTTPServerStats, cap: Int, callbacks: CallbackStats?) -> String {
        var line = "cancelbench serve: stopped; \(server.requestsServed) requests on \(server.connectionsAccepted) connections; "
            + "\(server.connectionsShed) connections shed (cap \(cap)), \(server.headerTimeouts) header timeouts, "
            + "\(server.idleTimeouts) idle timeouts"
        if let callbacks {
            line += "; callbacks: \(callbacks.delivered) delivered, \(callbacks.failed) failed"
                + " (\(callbacks.skipped) cut short: receiver not answering), \(callbacks.dropped) dropped (queue full)"
            if callbacks.pending > 0 { line += ", \(callbacks.pending) abandoned pending" }
        }
        return line
    }
}
