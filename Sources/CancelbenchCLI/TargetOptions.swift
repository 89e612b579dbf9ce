import Foundation
import Harness
import LoadModel
import ReferenceTarget

/// Options that shape the reference target, shared by `run` (embedded) and `serve`.
enum TargetOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "queue-delay", value: "DIST", help: "Reference target: time a job waits queued: 30ms, 10ms..60ms or exp:30ms. Default 10ms..60ms."),
        OptionSpec(name: "run-time", value: "DIST", help: "Reference target: time a job runs. Default 40ms..200ms."),
        OptionSpec(name: "failure-rate", value: "P", help: "Reference target: probability a job fails, 0 to 1. Default 0.05."),
        OptionSpec(name: "target-seed", value: "S", help: "Reference target: seed of its own randomness. Default 1."),
        OptionSpec(name: "fault", value: "NAME[=P]", help: "Reference target: plant a bug with probability P per chance (default 0.05). Names: \(Fault.allCases.map(\.rawValue).joined(separator: ", ")).", repeatable: true,
                   completion: .words(Fault.allCases.map(\.rawValue))),
    ]

    /// The embedded target of a run: the options applied to `dialect`'s defaults.
    static func plan(_ args: ParsedArguments, dialect: Dialect) throws(UsageError) -> EmbeddedPlan {
        let c = try config(args, dialect: dialect)
        var plan = EmbeddedPlan(dialect: dialect)
        plan.seed = c.seed
        plan.queueDelay = c.queueDelay
        plan.runTime = c.runTime
        plan.failureRate = c.failureRate
        plan.faults = c.faults
        return plan
    }

    /// Applies the options to a configuration for `dialect`.
    static func config(_ args: ParsedArguments, dialect: Dialect) throws(UsageError) -> TargetConfig {
        var config = TargetConfig(dialect: dialect)
        if let d = try distribution(args, "queue-delay") { config.queueDelay = d }
        if let d = try distribution(args, "run-time") { config.runTime = d }
        if let p = try args.double("failure-rate", in: 0...1) { config.failureRate = p }
        config.faults = try faults(args.all("fault"), dialect: dialect)
        if let s = args.string("target-seed") {
            guard let v = UInt64(s) else { throw UsageError("--target-seed: expected a whole number ≥ 0, found '\(s)'") }
            config.seed = v
        }
        return config
    }

    /// Parses `--fault NAME[=P]` flags; a fault that does not apply to the dialect is an error (it would
    /// silently plant nothing).
    static func faults(_ values: [String], dialect: Dialect) throws(UsageError) -> [Fault: Double] {
        var faults: [Fault: Double] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard let fault = Fault(rawValue: parts.first ?? "") else {
                throw UsageError("--fault: unknown fault '\(parts.first ?? "")'; faults: \(Fault.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var p = 0.05
            if parts.count == 2 {
                guard let v = Double(parts[1]), (0...1).contains(v) else {
                    throw UsageError("--fault \(fault.rawValue): probability must be a number from 0 to 1, found '\(parts[1])'")
                }
                p = v
            }
            guard fault.dialects.contains(dialect) else {
                let where_ = fault.dialects.map(\.rawValue).sorted().joined(separator: ", ")
                throw UsageError("--fault \(fault.rawValue) applies to \(where_), not to the \(dialect.rawValue) contract")
            }
            faults[fault] = p
        }
        return faults
    }

    /// Parses `30ms` (fixed), `10ms..60ms` (uniform) or `exp:30ms` (exponential, capped at 20× the mean).
    static func distribution(_ args: ParsedArguments, _ name: String) throws(UsageError) -> DelayDistribution? {
        guard let text = args.string(name) else { return nil }
        let flag = "--\(name)"
        func span(_ part: String) throws(UsageError) -> Int64 {
            guard DurationText.parse(part) != nil else {
                throw UsageError("\(flag): expected 30ms, 10ms..60ms or exp:30ms, found '\(text)'")
            }
            return try DurationText.parse(part, flag: flag, in: DurationLimits.simulated).nanoseconds
        }
        if text.hasPrefix("exp:") {
            let mean = try span(String(text.dropFirst(4)))
            guard mean > 0 else { throw UsageError("\(flag): an exponential mean must be above 0, found '\(text)'") }
            return .exponential(mean: mean, cap: mean * 20)
        }
        let parts = text.components(separatedBy: "..")
        if parts.count == 2 {
            let lo = try span(parts[0]), hi = try span(parts[1])
            guard lo <= hi else { throw UsageError("\(flag): the range's low end is above its high end in '\(text)'") }
            return .uniform(min: lo, max: hi)
        }
        guard parts.count == 1 else { throw UsageError("\(flag): expected 30ms, 10ms..60ms or exp:30ms, found '\(text)'") }
        return .fixed(try span(text))
    }
}
