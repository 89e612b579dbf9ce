import Foundation
import LoadModel
import Reports
import Transport

/// One job played slowly for a profile's author: submit, read until live or over, cancel, read until over.
/// Every exchange is printed with what the profile read from it, and where profile and answers disagree the
/// probe stops with a hint that names the JSON path and what the answer holds instead.
public struct Probe {
    /// What to probe: the profile, where, and how patiently.
    public struct Plan: Sendable {
        public var profile: Profile
        /// The API's URL; nil plays the profile's embedded reference target.
        public var target: TargetURL?
        public var embedded: EmbeddedPlan?
        public var credentials: Credentials
        public var pollInterval: Span
        public var jobTimeout: Span
        public var requestTimeout: Span
        /// Which HTTP client sends (`--transport`).
        public var transport: TransportChoice = .auto

        public init(profile: Profile, target: TargetURL?, embedded: EmbeddedPlan?, credentials: Credentials,
                    pollInterval: Span = .milliseconds(100), jobTimeout: Span = .seconds(30), requestTimeout: Span = .seconds(5)) {
            self.profile = profile
            self.target = target
            self.embedded = embedded
            self.credentials = credentials
            self.pollInterval = pollInterval
            self.jobTimeout = jobTimeout
            self.requestTimeout = requestTimeout
        }
    }

    /// How a probe ended.
    public struct Outcome: Sendable {
        public var code: ExitCode
        /// One line: what the probe saw, or the first disagreement.
        public var verdict: String
    }

    let plan: Plan
    let print: (String) -> Void

    public init(plan: Plan, print: @escaping (String) -> Void) {
        self.plan = plan
        self.print = print
    }

    /// Plays the job. Throws only when the probe cannot start (the embedded target, the transport).
    public func run() throws -> Outcome {
        var embedded: EmbeddedTarget?
        if plan.target == nil, let e = plan.embedded { embedded = try EmbeddedTarget(config: e.config) }
        defer { embedded?.stop() }
        guard let baseURL = plan.target?.url ?? embedded?.url else {
            throw RunFailure(code: .usage, message: "the probe has neither a target nor an embedded target")
        }
        let runId = "probe-" + RunID.make()
        let redactor = Redactor(secrets: [plan.credentials.token, plan.credentials.unpaidToken].compactMap { $0 } + (plan.target?.credentials ?? []))
        // A profile whose submit names {callbackUrl} gets the run's loopback receiver (an API may refuse a
        // submit without a valid callback URL); the probe does not judge the callbacks.
        let callbacks = try plan.profile.callback.map { try CallbackReceiver(profile: plan.profile, callback: $0) }
        defer { callbacks?.stop() }
        var session = try ProbeSession(plan: plan, baseURL: baseURL, runId: runId, redactor: redactor, callbackURL: callbacks?.url ?? "", print: print)
        print("cancelbench probe: profile \(plan.profile.name) against \(plan.target?.display ?? "the embedded reference target (\(baseURL))")")
        return session.play()
    }
}
