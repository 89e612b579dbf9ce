/// A request a job script wants sent now.
public struct RequestIntent: Sendable, Equatable {
    public var kind: OperationKind
    public var idUse: IdUse
    /// When the request was meant to start (a scheduled read or cancel), for corrected latency.
    public var intended: Instant
}

/// How a job's script ended.
public enum JobEnd: String, Sendable {
    /// Still running.
    case active
    /// A read showed a terminal state and every planned request completed.
    case terminal
    /// The submit was not accepted (no 2xx or no id in the answer).
    case submitFailed = "submit-failed"
    /// The job did not reach a terminal state before the job timeout.
    case timedOut = "timed-out"
    /// The run stopped (duration over, interrupted, aborted) before the job ended.
    case abandoned
}

/// The life of one job as the driver plays it: a pure state machine that turns answers and wake-ups into
/// requests, following the job's plan. It performs nothing and reads no clock; the driver does both.
public struct JobScript: Sendable {
    public let plan: JobPlan
    public private(set) var jobId: String?
    public private(set) var end: JobEnd = .active
    /// The state of the last successful read before the first cancel was sent (nil if none yet).
    public private(set) var stateAtCancel: CanonicalState?
    /// Whether a cancel was sent.
    public private(set) var cancelSent = false
    /// The last status a successful read showed.
    public private(set) var lastStatus: String?
    public private(set) var lastState: CanonicalState?
    /// When the next read or a planned cancel is due; the driver wakes the script then.
    public var nextWake: Instant? { [nextReadAt, cancelAt].compactMap { $0 }.min() }

    let pollInterval: Span
    let timeout: Span
    private var deadline: Instant?
    private var inFlight = 0
    private var readInFlight = false
    private var cancelsInFlight = 0
    private var nextReadAt: Instant?
    private var cancelAt: Instant?
    private var verified = false
    private var firstRunningAt: Instant?
    /// A running duration learned by this job (first running read to first terminal read), for the estimator.
    public private(set) var learnedRunTime: Span?

    /// `pollInterval` spaces reads; `timeout` bounds a job's life from its submit answer.
    public init(plan: JobPlan, pollInterval: Span, timeout: Span) {
        self.plan = plan
        self.pollInterval = pollInterval
        self.timeout = timeout
    }

    /// Starts the job: the submit request.
    public mutating func begin(now: Instant) -> [RequestIntent] {
        inFlight += 1
        return [RequestIntent(kind: .submit, idUse: .job, intended: now)]
    }

    /// Feeds the answer to a request this script asked for. `runEstimate` is the run's current estimate of
    /// how long jobs run, for `running` cancels.
    public mutating func completed(_ kind: OperationKind, idUse: IdUse, outcome: Outcome, observation: Observation?,
                                   submittedId: String? = nil, now: Instant, runEstimate: Span) -> [RequestIntent] {
        inFlight -= 1
        guard end == .active else { return [] }
        var out: [RequestIntent] = []
        switch kind {
        case .submit:
            guard outcome == .ok, let id = submittedId, !id.isEmpty else { end = .submitFailed; return [] }
            jobId = id
            deadline = now + timeout
            switch plan.point {
            case .afterSubmit: out += cancels(now: now, intended: now)
            case .unknownId: out.append(send(.cancel, .unknown, now))
            case .missingId: out.append(send(.cancel, .missing, now))
            default: break
            }
            out.append(read(now))
        case .status:
            readInFlight = false
            if outcome == .ok, let o = observation, o.status != nil { noteRead(o, now: now, runEstimate: runEstimate, into: &out) }
            if lastState?.isTerminal != true { nextReadAt = now + pollInterval }
        case .cancel:
            if idUse == .job { cancelsInFlight -= 1 }
        }
        out += settle(now)
        return out
    }

    /// Called at or after `nextWake`: sends what is due.
    public mutating func wake(now: Instant) -> [RequestIntent] {
        guard end == .active else { return [] }
        var out: [RequestIntent] = []
        if let at = cancelAt, at <= now { out += cancels(now: now, intended: at) }
        if let at = nextReadAt, at <= now, !readInFlight {
            if let deadline, now >= deadline, lastState?.isTerminal != true {
                nextReadAt = nil
            } else {
                out.append(read(at))
            }
        }
        out += settle(now)
        return out
    }

    /// Ends the script early (run over); in-flight answers are then ignored.
    public mutating func abandon() {
        if end == .active { end = .abandoned }
        nextReadAt = nil
        cancelAt = nil
    }

    private mutating func noteRead(_ o: Observation, now: Instant, runEstimate: Span, into out: inout [RequestIntent]) {
        lastStatus = o.status
        lastState = o.state
        if o.state == .running, firstRunningAt == nil { firstRunningAt = now }
        if o.state?.isTerminal == true, learnedRunTime == nil, let first = firstRunningAt { learnedRunTime = now - first }
        guard !cancelSent, cancelAt == nil else { return }
        let terminal = o.state?.isTerminal == true
        switch plan.point {
        case .queued:
            out += cancels(now: now, intended: now)
        case .duplicate where o.state == .queued || o.state == .running || terminal:
            out += cancels(now: now, intended: now)
        case .running where o.state == .running:
            cancelAt = now + runEstimate * plan.fraction
        case .running where terminal, .afterTerminal where terminal:
            out += cancels(now: now, intended: now)
        default:
            break
        }
    }

    private mutating func cancels(now: Instant, intended: Instant) -> [RequestIntent] {
        guard !cancelSent else { return [] }
        cancelSent = true
        cancelAt = nil
        stateAtCancel = lastState
        cancelsInFlight += plan.copies
        return (0..<plan.copies).map { _ in send(.cancel, .job, intended) }
    }

    private mutating func read(_ intended: Instant) -> RequestIntent {
        readInFlight = true
        nextReadAt = nil
        return send(.status, .job, intended)
    }

    private mutating func send(_ kind: OperationKind, _ idUse: IdUse, _ intended: Instant) -> RequestIntent {
        inFlight += 1
        return RequestIntent(kind: kind, idUse: idUse, intended: intended)
    }

    /// Decides what follows once the job is terminal or out of time: fire a pending cancel now (the job
    /// finished first), then one verifying read after every cancel has answered, then the end.
    private mutating func settle(_ now: Instant) -> [RequestIntent] {
        guard end == .active else { return [] }
        var out: [RequestIntent] = []
        if lastState?.isTerminal == true {
            if cancelAt != nil { out += cancels(now: now, intended: now) }
            nextReadAt = nil
            if !verified, cancelsInFlight == 0, !readInFlight {
                verified = true
                out.append(read(now))
            }
        } else if let deadline, now >= deadline {
            cancelAt = nil
            nextReadAt = nil
        }
        if out.isEmpty, inFlight == 0, nextReadAt == nil, cancelAt == nil {
            end = lastState?.isTerminal == true ? .terminal : .timedOut
        }
        return out
    }
}
