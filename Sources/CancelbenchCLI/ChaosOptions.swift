import Foundation
import Harness
import LoadModel

/// `--nemesis` and its companions: the faults put on the target during a run, and the target's processes when
/// the run starts them (`--target-cmd`) or may pause them (`--target-pid`).
enum ChaosOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "nemesis", value: "FAULT", help: "Put FAULT on the target in windows at seeded moments: pause, kill, restart[:GRACE], partition[:blackhole|refuse], latency[:D], reset[:P]. Repeatable (each window draws one).", repeatable: true,
                   completion: .words(NemesisFault.Kind.allCases.map(\.rawValue))),
        OptionSpec(name: "nemesis-interval", value: "D", help: "Mean quiet time before each fault window (drawn from ½ to 1½ of it). Default 3s."),
        OptionSpec(name: "nemesis-duration", value: "D", help: "Mean length of a fault window (drawn from ½ to 1½ of it). Default 1s."),
        OptionSpec(name: "recovery-timeout", value: "D", help: "After a window closes the API must answer again within D (invariant 13). Default 10s."),
        OptionSpec(name: "target-cmd", value: "CMD", help: "Start the target with /bin/sh -c CMD in its own process group before the run, restart it after kill and restart faults, stop it after the run (Ctrl-C too). Needs --target."),
        OptionSpec(name: "target-ready", value: "URL", help: "With --target-cmd: the target is ready once URL answers HTTP (any status). Default: the --target URL."),
        OptionSpec(name: "target-ready-timeout", value: "D", help: "With --target-cmd: how long a start or restart may take to be ready. Default 30s."),
        OptionSpec(name: "target-pid", value: "PID", help: "A target process started elsewhere, for --nemesis pause (SIGSTOP, SIGCONT); it is never left stopped."),
    ]

    /// The chaos plan, or nil when no flag of it was given; every conflict is a usage error naming the flags.
    static func plan(_ args: ParsedArguments, target: TargetURL?, shard: Shard) throws(UsageError) -> ChaosPlan? {
        let faults = try args.all("nemesis").map { f throws(UsageError) in try NemesisFault.parse(f) }
        let command = args.string("target-cmd")
        let pidText = args.string("target-pid")
        if faults.isEmpty {
            for flag in ["nemesis-interval", "nemesis-duration", "recovery-timeout"] where args.string(flag) != nil {
                throw UsageError("--\(flag) shapes the nemesis's windows: give --nemesis FAULT")
            }
            if pidText != nil { throw UsageError("--target-pid is for --nemesis pause: give --nemesis pause") }
        }
        if command == nil {
            for flag in ["target-ready", "target-ready-timeout"] where args.string(flag) != nil {
                throw UsageError("--\(flag) says when the target started by --target-cmd is ready: give --target-cmd")
            }
        }
        guard !faults.isEmpty || command != nil else { return nil }
        if command != nil, pidText != nil { throw UsageError("--target-cmd and --target-pid both name the target's process; give one") }
        if let command, command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw UsageError("--target-cmd: expected a command, found nothing") }
        if !shard.isWhole { throw UsageError("--nemesis and --target-cmd act on one target from one process; they cannot be used with --shard") }
        if let target, !target.isLoopback {
            throw UsageError("--nemesis and --target-cmd act on a target on this machine; --target \(target.display) is not a loopback address (127.0.0.1, localhost, ::1)")
        }
        if command != nil, target == nil {
            throw UsageError("--target-cmd starts the target the run sends to: give --target URL of it (such as http://127.0.0.1:8080)")
        }
        var chaos = ChaosPlan(faults: faults)
        chaos.targetCommand = command
        chaos.interval = try args.duration("nemesis-interval", in: ChaosPlan.spanLimits) ?? chaos.interval
        chaos.duration = try args.duration("nemesis-duration", in: ChaosPlan.spanLimits) ?? chaos.duration
        chaos.recoveryTimeout = try args.duration("recovery-timeout", in: ChaosPlan.spanLimits) ?? chaos.recoveryTimeout
        chaos.readyTimeout = try args.duration("target-ready-timeout", in: ChaosPlan.spanLimits) ?? chaos.readyTimeout
        if let ready = args.string("target-ready") {
            let url = try TargetURL(ready, name: "--target-ready", base: false)
            guard url.credentials.isEmpty else {
                throw UsageError("--target-ready: a user or password in the URL is not sent (any HTTP answer, 401 too, means ready); give '\(url.display)'")
            }
            guard url.isLoopback, url.url.hasPrefix("http://") else {
                throw UsageError("--target-ready: expected an http:// URL on 127.0.0.1 or localhost, found '\(url.display)'")
            }
            chaos.targetReady = url.url
        }
        if let pidText {
            guard let pid = Int32(pidText), pid > 1 else { throw UsageError("--target-pid: expected a process id above 1, found '\(pidText)'") }
            guard target != nil else {
                throw UsageError("--target-pid pauses the target's process: give --target URL of the API it serves (the embedded target runs inside cancelbench)")
            }
            chaos.targetPid = pid
        }
        for fault in faults {
            if fault.needsCommand, command == nil {
                throw UsageError("--nemesis \(fault.kind.rawValue) restarts the target after stopping it: give --target-cmd 'the command that starts it'")
            }
            if fault.kind == .pause, command == nil, chaos.targetPid == nil {
                throw UsageError("--nemesis pause stops the target's processes: give --target-cmd, or --target-pid of a target started elsewhere")
            }
            if fault.needsProxy, let target, !target.url.hasPrefix("http://") {
                throw UsageError("--nemesis \(fault.kind.rawValue) goes through a loopback TCP proxy that the run addresses as 127.0.0.1: it needs an http:// target, found \(target.display)")
            }
        }
        return chaos
    }
}
