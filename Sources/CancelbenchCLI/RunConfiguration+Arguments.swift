import LoadModel
import ReferenceTarget

/// The command line that plans this run again: everything that shapes the plan and the embedded target, and
/// nothing secret (tokens come from the environment or --token at replay time).
extension RunConfiguration {
    var arguments: [String] {
        var a = ["run", "--profile", profileSource.hasSuffix("/\(profile.name).json") && ProfileLoader.builtIn.contains(profile.name) ? profile.name : profileSource]
        if let target { a += ["--target", target.display] }  // never the URL's user or password
        switch model {
        case .closed(let c): a += ["--concurrency", String(c)]
        case .open(let r, let arrival, let cap): a += ["--rate", JSONText.number(r), "--arrival", arrival.rawValue, "--max-in-flight", String(cap)]
        }
        a += ["--jobs", String(jobs), "--seed", String(seed), "--cancel-mix", mix.description, "--duplicates", String(duplicates),
              "--connections", String(connections),
              "--poll-interval", DurationText.exact(settings.pollInterval), "--job-timeout", DurationText.exact(settings.timeout),
              "--cancel-deadline", DurationText.exact(settings.cancelDeadline), "--race-jitter", DurationText.exact(settings.raceJitter),
              "--request-timeout", DurationText.exact(requestTimeout), "--max-body", String(maxBody),
              "--min-terminal", JSONText.number(judging.minTerminal), "--min-invariants", String(judging.minInvariants)]
        if let d = duration { a += ["--duration", DurationText.exact(d)] }
        if target == nil {
            a += ["--queue-delay", Self.text(embedded.queueDelay), "--run-time", Self.text(embedded.runTime),
                  "--failure-rate", JSONText.number(embedded.failureRate), "--target-seed", String(embedded.seed)]
            for (fault, p) in embedded.faults.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                a += ["--fault", "\(fault.rawValue)=\(JSONText.number(p))"]
            }
        }
        return a
    }

    static func text(_ d: DelayDistribution) -> String {
        switch d {
        case .fixed(let ns): return DurationText.exact(Span(nanoseconds: ns))
        case .uniform(let lo, let hi): return DurationText.exact(Span(nanoseconds: lo)) + ".." + DurationText.exact(Span(nanoseconds: hi))
        case .exponential(let mean, _): return "exp:" + DurationText.exact(Span(nanoseconds: mean))
        }
    }
}
