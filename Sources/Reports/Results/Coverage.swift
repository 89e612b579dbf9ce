import LoadModel

/// What a run judged, against the minimums that make its verdict mean something. A run that judged too little
/// (every read 404, every submit refused, jobs given up) never passes: it is indeterminate, with the reason.
public struct Coverage: Sendable {
    /// The least share of accepted jobs read to a terminal state (0–1; default 1: every one).
    public var minTerminal: Double
    /// The least number of invariants with a pass or fail verdict.
    public var minInvariants: Int
    /// What the messages name: the profile's paths and the limits the run used.
    public var context: Context

    public struct Context: Sendable {
        /// The profile's job id path in a submit's answer and status path in a read's, `$.jobid`.
        public var submitIdPath: String
        public var statusPath: String
        /// `--job-timeout 30s`, as the user would write it.
        public var jobTimeout: String
        /// The process's file descriptor limit.
        public var fileLimit: Int

        public init(submitIdPath: String, statusPath: String, jobTimeout: String, fileLimit: Int) {
            self.submitIdPath = submitIdPath
            self.statusPath = statusPath
            self.jobTimeout = jobTimeout
            self.fileLimit = fileLimit
        }
    }

    public init(minTerminal: Double = 1, minInvariants: Int = 2, context: Context) {
        self.minTerminal = minTerminal
        self.minInvariants = minInvariants
        self.context = context
    }

    /// Jobs whose first cancel went out while they were live, before "no cancel was accepted" means anything.
    public static let liveCancelsToJudge = 5

    /// Jobs whose submit was accepted (a 2xx with a job id): the ones there is something to judge about.
    public static func accepted(_ t: RunTally) -> Int { t.diagnostics.submitsAccepted }
    /// Invariants with at least one pass or fail verdict (unknown alone judged nothing).
    public static func exercised(_ t: RunTally) -> Int { t.invariants.values.filter { $0.pass + $0.fail > 0 }.count }

    /// The least number of terminal jobs for `accepted` accepted jobs (at least one).
    public func terminalNeeded(_ accepted: Int) -> Int {
        max(1, Int((minTerminal * Double(accepted) - 1e-9).rounded(.up)))
    }

    /// `judged: 2000 of 2000 accepted jobs read to a terminal state (minimum 100%); 8 of 11 invariants exercised (minimum 2)`.
    public func line(_ t: RunTally, invariants: Int) -> String {
        "\(t.jobsByEnd[.terminal] ?? 0) of \(Self.accepted(t)) accepted jobs read to a terminal state (minimum \(percentText(minTerminal))); "
            + "\(Self.exercised(t)) of \(invariants) invariants exercised (minimum \(minInvariants))"
    }

    /// Why the run judged too little, most telling first; empty when it judged enough.
    public func shortfalls(_ t: RunTally) -> [String] {
        let d = t.diagnostics
        var out: [String] = []
        if let fd = d.harnessErrors["client-fd-limit"] {
            out.append("the harness ran out of file descriptors on \(fd) exchanges (its limit is \(context.fileLimit), ulimit -n): lower --connections or raise the limit")
        }
        if let unsafe = d.errors["unsafe-request"] {
            out.append("\(unsafe) requests were not sent: the target's job id would have put a control character into a header or the request line")
        }
        if t.jobs == 0 { return out + ["no job was started"] }
        let accepted = Self.accepted(t)
        if accepted == 0 { return out + [submitReason(d)] }
        let terminal = t.jobsByEnd[.terminal] ?? 0
        // A job may end "gone" after its cancel without a read ever showing it (a retention that removes
        // cancelled jobs): counted terminal, but a run in which no read ever showed a status judged no state.
        if terminal < terminalNeeded(accepted) || d.readsWithStatus == 0 {
            out.append(d.readsWithStatus == 0 ? "0 of \(accepted) jobs were ever read: " + readReason(d) : terminalReason(t, accepted: accepted, terminal: terminal))
        }
        let exercised = Self.exercised(t)
        if exercised < minInvariants, !out.contains(where: { $0.hasPrefix("0 of") }) {
            out.append("only \(exercised) invariant\(exercised == 1 ? " was" : "s were") exercised (minimum \(minInvariants), --min-invariants)")
        }
        // Every cancel of a live job refused says the cancel call does not fit, once there are a few: one or two
        // may each have lost a race with the job's end (PraisonAI answers those 400), as a single-job replay can.
        if t.jobsWithLiveCancel >= Self.liveCancelsToJudge, d.cancelsAccepted == 0, d.readsWithStatus > 0 {
            out.append("none of the cancels sent to \(t.jobsWithLiveCancel) jobs not yet seen terminal was accepted (\(RunDiagnostics.codes(d.cancelsRefused))): the profile's cancel call may not fit this target")
        }
        return out
    }

    private func submitReason(_ d: RunDiagnostics) -> String {
        let jobs = d.submitsRefused.values.reduce(0, +) + d.submitsWithoutId
        if d.submitsWithoutId > 0, d.submitsRefused.isEmpty {
            return "every submit was answered 2xx, but the profile's job id path \(context.submitIdPath) found nothing in the answer (first answer: \(d.firstSubmitWithoutId ?? ""))"
        }
        var parts = d.submitsRefused.isEmpty ? [] : [RunDiagnostics.codes(d.submitsRefused)]
        if d.submitsWithoutId > 0 { parts.append("2xx without a job id at \(context.submitIdPath) ×\(d.submitsWithoutId)") }
        let top = d.submitsRefused.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let hints = [0: "no answer means the target did not answer HTTP at all",
                     401: "401 means the token was refused: give --token or set CANCELBENCH_TOKEN",
                     402: "402 means the account has no subscription",
                     403: "403 means the token may not submit jobs",
                     404: "404 means the profile's submit path does not exist on this target",
                     405: "405 means the profile's submit method is wrong for this target"]
        let hint = top.flatMap { hints[$0] }.map { "; \($0)" } ?? ""
        return "none of \(jobs) submits was accepted (\(parts.joined(separator: ", ")))\(hint)"
    }

    private func readReason(_ d: RunDiagnostics) -> String {
        if d.readsWithoutStatus > 0, d.readsFailed.isEmpty {
            return "every read answered 2xx without a status at the profile's \(context.statusPath) (first answer: \(d.firstReadWithoutStatus ?? ""))"
        }
        if d.readsFailed.isEmpty { return "no read answered" }
        var text = "every read failed (\(RunDiagnostics.codes(d.readsFailed))"
            + (d.readsWithoutStatus > 0 ? ", 2xx without a status at \(context.statusPath) ×\(d.readsWithoutStatus)" : "") + ")"
        let top = d.readsFailed.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        if top == 404 { text += "; the profile's status path may not exist on this target, or the target loses jobs" }
        if top == 401 || top == 403 { text += "; the token was refused: give --token or set CANCELBENCH_TOKEN" }
        return text
    }

    private func terminalReason(_ t: RunTally, accepted: Int, terminal: Int) -> String {
        var gaveUp: [String] = []
        if let n = t.jobsByEnd[.timedOut] { gaveUp.append("\(n) not terminal within \(context.jobTimeout) (or their cancel deadline)") }
        if let n = t.jobsByEnd[.unsendable] { gaveUp.append("\(n) whose requests could not be sent safely") }
        if let n = t.jobsByEnd[.abandoned] { gaveUp.append("\(n) still active when the run stopped") }
        if let n = t.jobsByEnd[.gone] { gaveUp.append("\(n) answered \"gone\" before they were seen to end (lost, or removed unseen)") }
        let allow = Double(terminal) / Double(max(accepted, 1))
        let accept = terminal > 0 ? ", or accept it with --min-terminal \(percentText(floorPercent(allow)))" : ""
        return "only \(terminal) of \(accepted) accepted jobs were read to a terminal state (minimum \(percentText(minTerminal))): the harness gave up on "
            + gaveUp.joined(separator: ", ") + "; raise --job-timeout\(accept)"
    }

    private func floorPercent(_ x: Double) -> Double { (x * 100).rounded(.down) / 100 }
}

/// `100%`, `99.5%`.
func percentText(_ x: Double) -> String {
    let p = x * 100
    return (p == p.rounded() ? String(Int(p)) : String((p * 10).rounded() / 10)) + "%"
}
