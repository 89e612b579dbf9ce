import Foundation
import LoadModel
import Reports
import Transport

/// plan.json: the plan as typed values (durations in nanoseconds), with the results format it was written in.
/// The profile itself is not in it: it is profile.json beside it, byte for byte, and is parsed again on reading.
extension RunPlan: Codable {
    enum CodingKeys: String, CodingKey {
        case format, runId = "run_id", profile, target, embedded, model, jobs, duration = "duration_ns", connections
        case mix = "cancel_mix", duplicates, settings, requestTimeout = "request_timeout_ns", maxBody = "max_body", transport
        case judging, seed, onlyJobs = "only_jobs", shard, startAt = "start_at_unix_ns", gate, outputs, chaos
    }

    /// How plan.json names the profile: its name, where it was read from, and the file beside the plan.
    struct ProfileReference: Codable {
        var name: String
        var source: String
        var file: String
    }

    /// The decoder's userInfo key for profile.json's bytes, which a plan needs to be read.
    static let profileBytesKey = CodingUserInfoKey(rawValue: "cancelbench.profileBytes")!

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let bytes = decoder.userInfo[Self.profileBytesKey] as? [UInt8] else {
            throw DecodingError.dataCorruptedError(forKey: .profile, in: c, debugDescription: "profile.json was not given")
        }
        let reference = try c.decode(ProfileReference.self, forKey: .profile)
        profileBytes = bytes
        profileSource = reference.source
        profile = try Profile.parse(bytes, file: reference.file)
        runId = try c.decode(String.self, forKey: .runId)
        target = try c.decodeIfPresent(TargetURL.self, forKey: .target)
        embedded = try c.decodeIfPresent(EmbeddedPlan.self, forKey: .embedded)
        if target == nil, embedded == nil {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c, debugDescription: "expected a target URL, or the embedded target's settings")
        }
        model = try c.decode(LoadModelKind.self, forKey: .model)
        jobs = try Self.int(c, .jobs, in: 1...100_000_000)
        duration = try c.decodeIfPresent(Span.self, forKey: .duration)
        connections = try Self.int(c, .connections, in: 1...10_000)
        mix = try c.decode(CancelMix.self, forKey: .mix)
        duplicates = try Self.int(c, .duplicates, in: 2...100)
        settings = try c.decode(JobScript.Settings.self, forKey: .settings)
        requestTimeout = try c.decode(Span.self, forKey: .requestTimeout)
        maxBody = try Self.int(c, .maxBody, in: 1024...(1 << 30))
        transport = try c.decodeIfPresent(TransportChoice.self, forKey: .transport) ?? .auto
        judging = try c.decode(Judging.self, forKey: .judging)
        seed = try c.decode(UInt64.self, forKey: .seed)
        onlyJobs = try c.decodeIfPresent([Int].self, forKey: .onlyJobs)
        shard = try c.decodeIfPresent(Shard.self, forKey: .shard) ?? .whole
        startAt = try c.decodeIfPresent(Int64.self, forKey: .startAt)
        gate = try c.decode(Gate.self, forKey: .gate)
        outputs = try c.decode(Outputs.self, forKey: .outputs)
        chaos = try c.decodeIfPresent(ChaosPlan.self, forKey: .chaos)
        try checkRanges(c)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Summary.currentFormat, forKey: .format)
        try c.encode(runId, forKey: .runId)
        try c.encode(ProfileReference(name: profile.name, source: profileSource, file: "profile.json"), forKey: .profile)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(embedded, forKey: .embedded)
        try c.encode(model, forKey: .model)
        try c.encode(jobs, forKey: .jobs)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encode(connections, forKey: .connections)
        try c.encode(mix, forKey: .mix)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(settings, forKey: .settings)
        try c.encode(requestTimeout, forKey: .requestTimeout)
        try c.encode(maxBody, forKey: .maxBody)
        try c.encode(transport, forKey: .transport)
        try c.encode(judging, forKey: .judging)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(onlyJobs, forKey: .onlyJobs)
        if !shard.isWhole { try c.encode(shard, forKey: .shard) }
        try c.encodeIfPresent(startAt, forKey: .startAt)
        try c.encode(gate, forKey: .gate)
        try c.encode(outputs, forKey: .outputs)
        try c.encodeIfPresent(chaos, forKey: .chaos)
    }

    /// A recorded value is checked as its flag is: a plan.json edited by hand cannot plan what `run` refuses.
    private func checkRanges(_ c: KeyedDecodingContainer<CodingKeys>) throws {
        let spans: [(CodingKeys, String, Span?, ClosedRange<Span>)] = [
            (.duration, "", duration, DurationLimits.runLength),
            (.requestTimeout, "", requestTimeout, DurationLimits.requestTimeout),
            (.settings, "poll_interval_ns", settings.pollInterval, DurationLimits.pollInterval),
            (.settings, "job_timeout_ns", settings.timeout, DurationLimits.jobTimeout),
            (.settings, "cancel_deadline_ns", settings.cancelDeadline, DurationLimits.jobTimeout),
            (.settings, "race_jitter_ns", settings.raceJitter, DurationLimits.raceJitter),
        ]
        for (key, member, value, range) in spans {
            guard let value, !range.contains(value) else { continue }
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: (member.isEmpty ? "" : member + ": ")
                + "expected \(DurationText.exact(range.lowerBound)) to \(DurationText.exact(range.upperBound)), found \(value.nanoseconds) ns")
        }
        guard (0...1).contains(judging.minTerminal), (0...Invariant.allCases.count).contains(judging.minInvariants) else {
            throw DecodingError.dataCorruptedError(forKey: .judging, in: c, debugDescription: "expected min_terminal 0 to 1 and min_invariants 0 to \(Invariant.allCases.count)")
        }
        if let only = onlyJobs, only.isEmpty || only.contains(where: { $0 < 0 }) {
            throw DecodingError.dataCorruptedError(forKey: .onlyJobs, in: c, debugDescription: "expected job numbers ≥ 0")
        }
    }

    private static func int(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, in range: ClosedRange<Int>) throws -> Int {
        let v = try c.decode(Int.self, forKey: key)
        guard range.contains(v) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected \(range.lowerBound) to \(range.upperBound), found \(v)")
        }
        return v
    }

    /// plan.json's bytes.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every member is a plain finite value: encoding cannot fail.
        guard let data = try? encoder.encode(self) else { preconditionFailure("a RunPlan always encodes") }
        return Array(data) + [0x0A]
    }

    /// Reads a plan from plan.json's and profile.json's bytes; errors name the file and the JSON path.
    public static func decode(plan: [UInt8], profile: [UInt8], planFile: String, profileFile: String) throws(DataError) -> RunPlan {
        try ResultsFormat.check(plan, file: planFile)
        let decoder = JSONDecoder()
        decoder.userInfo[profileBytesKey] = profile
        do {
            return try decoder.decode(RunPlan.self, from: Data(plan))
        } catch let error as DecodingError {
            throw DataError(file: planFile, path: error.jsonPath, message: error.reason)
        } catch var error as DataError {
            // The profile copy did not parse: name it by its path in the folder.
            error.file = profileFile
            throw error
        } catch {
            throw DataError(file: planFile, path: "$", message: "\(error)")
        }
    }
}

extension Comparison.Metric: Codable {
    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        do { self = try Comparison.Metric.named(name) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
