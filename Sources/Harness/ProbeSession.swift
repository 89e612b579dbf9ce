import Foundation
import LoadModel
import Reports
import Transport

/// The probe's one job, exchange by exchange: what was sent, what came back, what the profile read from it.
struct ProbeSession {
    let plan: Probe.Plan
    let client: any HTTPClient
    let factory: RequestFactory
    let reader: ResponseReader
    let redactor: Redactor
    let print: (String) -> Void
    let origin = MonotonicClock.nanoseconds()
    var seq = 0
    var jobId = ""

    init(plan: Probe.Plan, baseURL: String, runId: String, redactor: Redactor, callbackURL: String, print: @escaping (String) -> Void) throws {
        self.plan = plan
        self.redactor = redactor
        self.print = print
        client = try plan.transport.makeClient(for: baseURL, maxConnections: 1, timeoutMilliseconds: Int(plan.requestTimeout.nanoseconds / 1_000_000), maxBodyBytes: 4 << 20)
        factory = RequestFactory(profile: plan.profile, baseURL: baseURL, runId: runId, token: plan.credentials.token,
                                 unpaidToken: plan.credentials.unpaidToken, callbackURL: callbackURL)
        reader = ResponseReader(profile: plan.profile, redactor: redactor)
    }

    var profile: Profile { plan.profile }

    /// A stop: the exit code and the one line that says why.
    func end(_ code: ExitCode, _ verdict: String) -> Probe.Outcome { Probe.Outcome(code: code, verdict: verdict) }

    mutating func play() -> Probe.Outcome {
        // Submit.
        let (submit, submitted, _) = exchange(.submit)
        if let stop = refusal(submit, what: "the submit") { return stop }
        guard let id = submitted else {
            return end(.badData, "the submit was answered \(submit.httpStatus), but " + ProbeHints.missingId(profile.submitId, lastAnswer))
        }
        jobId = id
        print("     read: job id \(DisplayText.quoted(id)) from \(profile.submitId)")
        // Read until the job is live or over.
        let deadline = MonotonicClock.nanoseconds() + plan.jobTimeout.nanoseconds
        var state: CanonicalState?
        while state == nil {
            switch readOnce() {
            case .state(let s): state = s
            case .gone: return end(.badData, "the job's first read was answered \(profile.retention.status), gone before it was seen: the status path may not fit, or the id was read from the wrong place")
            case .stop(let outcome): return outcome
            }
            if state == nil { if let timeout = wait(until: deadline) { return timeout } }
        }
        // Cancel, once, whatever the state: a live job's cancel is what the contract is about.
        let (cancel, _, _) = exchange(.cancel)
        if cancel.outcome == .ok {
            if profile.cancelRule.answer == .ack {
                print("     read: an acknowledgement (the profile's cancel \"answer\" is \"ack\"; its body is not read)")
            } else if let stop = observation(cancel, what: "the cancel's answer", ackHint: true) {
                return stop
            }
        } else if cancel.transportError != nil, cancel.httpStatus == 0 {
            return end(.couldNotRun, "the cancel got no answer (\(cancel.transportError ?? "error")); the target may be down")
        } else {
            print("     read: the cancel was refused (\(cancel.httpStatus))\(state?.isTerminal == true ? ", the job being already over" : "")")
        }
        // Read until over.
        let after = MonotonicClock.nanoseconds() + plan.jobTimeout.nanoseconds
        while true {
            if let timeout = wait(until: after) { return timeout }
            switch readOnce() {
            case .state(let s) where s.isTerminal:
                return end(.pass, "one job went submit → read → cancel → \(s.rawValue) as the profile expects")
            case .gone:
                return end(.pass, "one job went submit → read → cancel → gone (removed, as the profile's retention allows)")
            case .state: continue
            case .stop(let outcome): return outcome
            }
        }
    }

    /// What one read told.
    enum ReadResult {
        case state(CanonicalState)
        case gone
        case stop(Probe.Outcome)
    }

    mutating func readOnce() -> ReadResult {
        let (read, _, _) = exchange(.status)
        if profile.saysGone(read) {
            print("     read: gone (\(read.httpStatus)), as the profile's retention allows")
            return .gone
        }
        if let stop = refusal(read, what: "the status read of the job's own id") { return .stop(stop) }
        if let stop = observation(read, what: "the read", ackHint: false) { return .stop(stop) }
        return .state(read.observation!.state!)
    }

    /// Waits a poll interval; past `deadline`, the timeout outcome.
    func wait(until deadline: Int64) -> Probe.Outcome? {
        if MonotonicClock.nanoseconds() + plan.pollInterval.nanoseconds > deadline {
            return end(.couldNotRun, "the job was not over within \(DurationText.exact(plan.jobTimeout)) (--job-timeout); the answers read fine")
        }
        usleep(useconds_t(max(1, plan.pollInterval.nanoseconds / 1000)))
        return nil
    }

    /// The stop for an answer that is not a 2xx the profile accepts, or nil.
    func refusal(_ op: LoadModel.Operation, what: String) -> Probe.Outcome? {
        if op.outcome == .ok { return nil }
        if op.transportError == TransportError.unsafe.rawValue {
            // Nothing was sent: asking whether the target is up would send the author the wrong way.
            return end(.couldNotRun, "\(what) was not sent: the job id \(DisplayText.quoted(jobId)) from the target would have put a control character into a header or the request line")
        }
        if op.httpStatus == 0 { return end(.couldNotRun, "\(what) got no answer (\(op.transportError ?? "error")): is the target up at this URL?") }
        if (200...299).contains(op.httpStatus) {
            return end(.badData, "\(what) was answered \(op.httpStatus), which the profile's \"refused\" rules call a refusal")
        }
        if op.httpStatus >= 500 { return end(.couldNotRun, "\(what) was answered \(op.httpStatus): the target failed; try again") }
        return end(.badData, "\(what) was answered \(op.httpStatus): " + ProbeHints.refusal(op.httpStatus, kind: op.kind))
    }

    /// The stop for a 2xx answer whose job document the profile cannot read, or nil (printing what it read).
    func observation(_ op: LoadModel.Operation, what: String, ackHint: Bool) -> Probe.Outcome? {
        let document = ResponseReader.parseJSON(lastAnswer)
        guard let o = op.observation, let status = o.status else {
            let hint = ProbeHints.path(profile.fields.status, in: document, body: lastAnswer)
            return end(.badData, "\(what) has no status: \(hint)" + (ackHint ? "; if the API's cancel answer is not a job document, set \"answer\": \"ack\" on the cancel call" : ""))
        }
        guard let state = o.state else {
            let known = profile.states.keys.sorted().map { DisplayText.quoted($0) }.joined(separator: ", ")
            return end(.badData, "\(what) shows status \(DisplayText.quoted(status)) at \(ProbeHints.rooted(profile.fields.status)), which the profile's \"states\" do not map (it maps \(known))")
        }
        var parts = ["status \(DisplayText.quoted(status)) → \(state.rawValue)\(state.isTerminal ? " (over)" : "")"]
        if let p = o.progress { parts.append("progress \(JSONText.number(p))") }
        if let c = o.cancelRequestedAt { parts.append("cancel requested at \(DisplayText.quoted(c))") }
        if o.charged != nil || o.refunded != nil { parts.append("charged \(fmtCredits(o.charged)), refunded \(fmtCredits(o.refunded))") }
        if let u = o.usage { parts.append("usage \(JSONText.number(u))") }
        print("     read: " + parts.joined(separator: "; "))
        return nil
    }

    func fmtCredits(_ d: Double?) -> String { d.map { JSONText.number($0) } ?? "none" }

    /// The last answer's body, redacted (kept for hints).
    var lastAnswer: [UInt8] = []
}
