import Foundation
import Harness
import LoadModel

/// Plans for tests: a shipped profile, the embedded target with short job lives, a scratch results folder.
enum PlanFixture {
    /// The checkout's profiles folder.
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path

    static func scratch(_ name: String) -> String {
        NSTemporaryDirectory() + "cancelbench-tests/\(name)-\(UUID().uuidString)"
    }

    /// A plan of `jobs` jobs of `profile` against its embedded reference target, about a second long.
    static func plan(_ profile: String = "pika", jobs: Int = 40, seed: UInt64 = 11, out: String) throws -> RunPlan {
        let path = "\(profiles)/\(profile).json"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let parsed = try Profile.parse(bytes, file: path)
        var embedded = EmbeddedPlan(dialect: .init(rawValue: profile)!)
        embedded.queueDelay = .uniform(min: 20_000_000, max: 60_000_000)
        embedded.runTime = .uniform(min: 40_000_000, max: 120_000_000)
        return RunPlan(runId: "test-\(seed)", profile: parsed, profileBytes: bytes, profileSource: path, target: nil, embedded: embedded,
                       model: .closed(concurrency: 16), jobs: jobs, connections: 16, mix: try CancelMix.standard.fitted(to: parsed, explicit: false),
                       settings: .init(pollInterval: .milliseconds(10), timeout: .seconds(30)), seed: seed,
                       outputs: .init(directory: out))
    }
}
