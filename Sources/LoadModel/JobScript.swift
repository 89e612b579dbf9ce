/// The life of one job as the driver plays it: a pure state machine that turns answers and wake-ups into
/// requests, following the job's plan. It performs nothing and reads no clock; the driver does both.
public struct JobScript: Sendable {
    public let plan: JobPlan
    public let settings: Settings
    /// What the profile says that changes how the job is played.
    public let rules: Rules
    public private(set) var jobId: String?
    public private(set) var end: JobEnd = .active
    /// The state of the last successful read before the first cancel was sent (nil if none yet).
    public private(set) var stateAtCancel: CanonicalState?
    /// Whether a cancel naming the job was sent.
    public private(set) var cancelSent = false
    public private(set) var lastState: CanonicalState?
    /// When the next read, a planned cancel or the job's time limit is due; the driver wakes the script then,
    /// so a limit is kept by a timer even when no answer comes (a 1 m poll interval with a 1 s job timeout).
    public var nextWake: Instant? {
        guard end == .active else { return nil }
        return [nextReadAt, cancelAt, submitRetryAt, isOver ? nil : limit].compactMap { $0 }.min()
    }
    /// Learned from this job: submit answer to first non-queued read, first running read to terminal, and
    /// (for a job nobody cancelled) submit answer to terminal.
    public private(set) var learned: (queue: Span?, run: Span?, life: Span?) = (nil, nil, nil)


    private var submittedAt: Instant?
    /// The job timeout: past it, a job no cancel of which was accepted is given up.
    private(set) var deadline: Instant?
    /// The first accepted cancel's answer plus the cancel deadline: by then the job must read terminal
    /// (invariant 10). Once set it replaces the job timeout, so the job is read until the deadline can be judged.
    private(set) var cancelDue: Instant?
    /// Whether a read was sent at or after `cancelDue`: the one that lets invariant 10 be judged.
    private(set) var dueReadSent = false
    /// Whether the time limit in force has been reached and acted on: it is no longer a wake-up (a past
    /// wake-up would fire on every turn of the driver's loop while an answer is awaited).
    private(set) var limitReached = false
    private var inFlight = 0
    private var readInFlight = false
    private var cancelsInFlight = 0
    private var nextReadAt: Instant?
    private var cancelAt: Instant?
    private var followUp: RequestIntent?
    private var verified = false
    /// Every job that got a cancel gets one more once it is seen terminal: a late duplicate must change
    /// nothing (no second refund, no new timestamp, the contract's answer for a finished job).
    private var lateDuplicateSent = false
    private var firstRunningAt: Instant?
    /// The run's estimates as of the last answer.
    private var estimates = LifecycleEstimates()
    /// Reads sent after the job was first seen over, to see a final state that changes later (Jepsen's final
    /// reads): at most `settings.settleReads`.
    private var settleReadsSent = 0
    /// Whether a read answered "gone" where the profile's retention allows it (after the end, or after an
    /// accepted cancel): the job is over, as if read terminal.
    private(set) var goneAsEnd = false
    /// Whether a read answered "gone" where the retention does not allow it: the job is lost; nothing more is
    /// sent and it ends as `gone`.
    private(set) var vanished = false
    /// Whether a read ever showed the job terminal: it stays over even if a later read shows it live again
    /// (the checker judges that; the script only keeps its settle reads).
    private var sawEnd = false
    /// Whether a cancel of the job was answered indeterminate (a timeout, a 5xx): it may have taken effect.
    private var cancelUnknown = false
    /// Submits sent again after an indeterminate answer (at most `JobScript.submitRetries`): under the same
    /// Idempotency-Key where the submit carries one, or when the connection was refused (nothing was sent).
    public private(set) var submitRetries = 0
    /// When the next retry of an indeterminate submit is due.
    private var submitRetryAt: Instant?
    /// Whether a submit answered indeterminate may have reached the server (not a refused connection), so the
    /// job it made may be another than the one a retry's answer names.
    private var submitMayHaveActed = false

    /// Retries of a submit answered indeterminate, each after twice the wait of the one before (from one poll
    /// interval, at least 100 ms): a target that is down for a fault window gets about 3 s to come back.
    public static let submitRetries = 5

    public init(plan: JobPlan, settings: Settings, rules: Rules = Rules()) {
        self.plan = plan
        self.settings = settings
        self.rules = rules
    }

    /// Whether the job is over as far as the API tells: read terminal, or gone where the retention allows it.
    var isOver: Bool { sawEnd || goneAsEnd }

    /// Starts the job: the submit request (with the job's shared key when a replay will follow).
    public mutating func begin(now: Instant) -> [RequestIntent] {
        inFlight += 1
        return [submit(now)]
    }

    /// The job's submit: under the job's shared key when a replay or a retry may follow, so both carry it.
    private func submit(_ intended: Instant) -> RequestIntent {
        RequestIntent(kind: .submit, idUse: .job, intended: intended, key: plan.point == .replaySubmit || rules.retrySubmits ? .shared(0) : .fresh)
    }

    /// Feeds the answer to a request this script asked for, with the run's current estimates.
    public mutating func completed(_ kind: OperationKind, idUse: IdUse, outcome: Outcome, observation: Observation?,
                                   submittedId: String? = nil, gone: Bool = false, undelivered: Bool = false, now: Instant,
                                   estimates: LifecycleEstimates) -> [RequestIntent] {
        inFlight -= 1
        guard end == .active else { return [] }
        self.estimates = estimates
        var out: [RequestIntent] = []
        switch kind {
        case .submit where jobId == nil:
            // A submit that never reached the server (the connection was refused) is safe to send again; one
            // that may have reached it only under the same Idempotency-Key. Each after a wait that doubles.
            if outcome == .info, rules.retrySubmits || undelivered, submitRetries < Self.submitRetries {
                if !undelivered { submitMayHaveActed = true }
                submitRetryAt = now + max(settings.pollInterval, .milliseconds(100)) * Double(1 << submitRetries)
                submitRetries += 1
                return []
            }
            guard outcome == .ok, let id = submittedId, !id.isEmpty else { end = .submitFailed; return [] }
            jobId = id
            submittedAt = now
            deadline = now + settings.timeout
            if submitMayHaveActed, plan.point != .replaySubmit {
                // A retried submit's first answer was lost: one more replay shows whether the key stored the job
                // it made, or made another (invariant 7 compares the two ok answers).
                out.append(send(submit(now)))
            }
            out += afterSubmit(now, estimates)
            out.append(read(now))
        case .submit:
            break  // the replayed submit: judged by the checker, nothing to schedule
        case .status where idUse != .job:
            break  // a probe: judged by the checker, nothing to schedule
        case .status:
            readInFlight = false
            if outcome == .ok, let o = observation, o.status != nil {
                noteRead(o, now: now, into: &out)
            } else if gone, rules.retention.allowsGone || lastState != nil || unlistedTooLong(now) {
                // Gone where the retention lets the job go; lost (nothing more is sent) where it keeps a job
                // that a read had shown. A "no such job" before any read may be an API that is slow to list a
                // new job: it is read again for a while (the checker never judges a job no read showed).
                noteGone()
            }
            if !isOver && !vanished { nextReadAt = now + settings.pollInterval }
        case .cancel:
            guard idUse == .job else { break }
            cancelsInFlight -= 1
            if outcome == .info { cancelUnknown = true }
            if outcome == .ok, cancelDue == nil {
                cancelDue = now + settings.cancelDeadline
                limitReached = false
            }
            if let next = followUp {
                followUp = nil
                out.append(send(RequestIntent(kind: .cancel, idUse: .job, intended: now, key: next.key, payload: next.payload)))
                cancelsInFlight += 1
            }
        }
        out += settle(now)
        return out
    }

    /// Called at or after `nextWake`: sends what is due.
    public mutating func wake(now: Instant) -> [RequestIntent] {
        guard end == .active else { return [] }
        if let at = submitRetryAt {
            guard at <= now else { return [] }
            submitRetryAt = nil
            return [send(submit(at))]
        }
        var out: [RequestIntent] = []
        if let at = cancelAt, at <= now { out += cancels(intended: at) }
        if let at = nextReadAt, at <= now, !readInFlight {
            if readsStopped(now) {
                nextReadAt = nil
            } else {
                if let due = cancelDue, now >= due { dueReadSent = true }
                out.append(read(at))
            }
        }
        out += settle(now)
        return out
    }

    /// Ends the script early, as `end` (the run is over, or the harness gave the job up); in-flight answers
    /// are then ignored.
    public mutating func abandon(as reason: JobEnd = .abandoned) {
        if end == .active { end = reason }
        nextReadAt = nil
        cancelAt = nil
        submitRetryAt = nil
    }

    private mutating func afterSubmit(_ now: Instant, _ e: LifecycleEstimates) -> [RequestIntent] {
        let jitter = settings.raceJitter * plan.jitter
        switch plan.point {
        case .afterSubmit: return cancels(intended: now)
        case .claim: cancelAt = now + e.queue + jitter
        case .racingCompletion: cancelAt = now + e.life + jitter
        case .unknownId:
            return [OperationKind.cancel, .status].filter(rules.unknownIdCalls.contains).map { send(RequestIntent(kind: $0, idUse: .unknown, intended: now)) }
        case .missingId: return [send(RequestIntent(kind: .cancel, idUse: .missing, intended: now))]
        case .noToken: return [send(RequestIntent(kind: .cancel, idUse: .noToken, intended: now))]
        case .unpaid: return [send(RequestIntent(kind: .cancel, idUse: .unpaid, intended: now))]
        case .replaySubmit: return [send(RequestIntent(kind: .submit, idUse: .job, intended: now, key: .shared(0)))]
        default: break
        }
        return []
    }

    private mutating func noteRead(_ o: Observation, now: Instant, into out: inout [RequestIntent]) {
        let wasQueued = lastState == nil || lastState == .queued
        lastState = o.state
        let terminal = o.state?.isTerminal == true
        if terminal { sawEnd = true }
        if let submitted = submittedAt, wasQueued, o.state != .queued, learned.queue == nil {
            learned.queue = now - submitted - settings.pollInterval * 0.5
        }
        if o.state == .running, firstRunningAt == nil { firstRunningAt = now }
        if terminal, learned.run == nil, let first = firstRunningAt { learned.run = now - first }
        if terminal, learned.life == nil, !plan.point.cancelsJob, let submitted = submittedAt {
            learned.life = now - submitted - settings.pollInterval * 0.5
        }
        guard !cancelSent else { return }
        switch plan.point {
        case .queued, .keyPayload, .retryTimeout:
            if o.state != nil { out += cancels(intended: now) }
        case .running where o.state == .running && cancelAt == nil,
             .duplicate where o.state == .running && cancelAt == nil,
             .duplicateSameKey where o.state == .running && cancelAt == nil:
            cancelAt = now + estimates.run * plan.fraction
        case .progress where (o.progress ?? 0) >= plan.fraction * 100 || terminal:
            out += cancels(intended: now)
        case .afterTerminal where terminal, .running where terminal, .claim where terminal, .racingCompletion where terminal,
             .duplicate where terminal, .duplicateSameKey where terminal:
            out += cancels(intended: now)
        default:
            break
        }
    }

    /// The first cancel (or cancels) of the plan.
    private mutating func cancels(intended: Instant) -> [RequestIntent] {
        guard !cancelSent else { return [] }
        cancelSent = true
        cancelAt = nil
        stateAtCancel = lastState
        var first = RequestIntent(kind: .cancel, idUse: .job, intended: intended)
        var copies = 1
        switch plan.point {
        case .duplicate: copies = plan.copies
        case .duplicateSameKey: copies = plan.copies; first.key = .shared(1)
        case .keyPayload:
            first.key = .shared(1)
            followUp = RequestIntent(kind: .cancel, idUse: .job, intended: intended, key: .shared(1), payload: 2)
        case .retryTimeout:
            first.key = .shared(1)
            first.timeout = settings.shortTimeout
            followUp = RequestIntent(kind: .cancel, idUse: .job, intended: intended, key: .shared(1))
        default: break
        }
        cancelsInFlight += copies
        return (0..<copies).map { _ in send(first) }
    }

    /// A read answered "gone": the end of the job where the retention allows it, else a lost job. A cancel still
    /// awaiting its answer, or answered indeterminate, may have removed the job as surely as an accepted one (the
    /// checker judges it so): the answers of a cancel and a read sent together come in either order.
    private mutating func noteGone() {
        let cancelMayHaveActed = cancelDue != nil || cancelsInFlight > 0 || cancelUnknown
        let allowed = (rules.retention.goneAfterCancel && cancelMayHaveActed) || (rules.retention.goneAfterEnd && sawEnd)
        if allowed || isOver {
            goneAsEnd = true
            return
        }
        vanished = true
        cancelAt = nil
        nextReadAt = nil
    }

    /// Whether a job no read has shown yet has been answered "no such job" for long enough to stop asking: at
    /// least 1 s and ten poll intervals after its submit was answered.
    private func unlistedTooLong(_ now: Instant) -> Bool {
        guard let submittedAt else { return false }
        return now - submittedAt >= max(.seconds(1), settings.pollInterval * 10)
    }

    private mutating func read(_ intended: Instant) -> RequestIntent {
        readInFlight = true
        nextReadAt = nil
        return send(RequestIntent(kind: .status, idUse: .job, intended: intended))
    }

    private mutating func send(_ intent: RequestIntent) -> RequestIntent {
        inFlight += 1
        return intent
    }

    /// Decides what follows once the job is terminal or out of time: fire a pending cancel now (the job
    /// finished first), then one verifying read after every cancel has answered, then the end.
    private mutating func settle(_ now: Instant) -> [RequestIntent] {
        guard end == .active else { return [] }
        var out: [RequestIntent] = []
        if vanished {
            cancelAt = nil
            nextReadAt = nil
        } else if isOver {
            if cancelAt != nil { out += cancels(intended: now) }
            if cancelSent, !lateDuplicateSent, cancelsInFlight == 0, followUp == nil {
                lateDuplicateSent = true
                cancelsInFlight += 1
                out.append(send(RequestIntent(kind: .cancel, idUse: .job, intended: now, key: plan.point == .duplicateSameKey ? .shared(1) : .fresh)))
            }
            if !verified, cancelsInFlight == 0, followUp == nil, !readInFlight {
                verified = true
                out.append(read(now))
            } else if verified, !readInFlight, nextReadAt == nil, settleReadsSent < settings.settleReads {
                // The settle reads: after the verifying read, the first a poll interval later and each next twice as
                // far, so a few reads watch a window of (2^N − 1) poll intervals.
                nextReadAt = now + settings.pollInterval * Double(1 << min(settleReadsSent, 20))
                settleReadsSent += 1
            }
        } else if let due = cancelDue, now >= due {
            // Past the cancel deadline: one read sent now settles invariant 10, then the job is given up.
            cancelAt = nil
            nextReadAt = nil
            limitReached = true
            if !dueReadSent, !readInFlight {
                dueReadSent = true
                out.append(read(now))
            }
        } else if cancelDue == nil, let deadline, now >= deadline {
            cancelAt = nil
            nextReadAt = nil
            limitReached = true
        }
        if out.isEmpty, inFlight == 0, nextReadAt == nil, cancelAt == nil {
            end = isOver ? .terminal : vanished ? .gone : .timedOut
        }
        return out
    }
}
