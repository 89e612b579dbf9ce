/// Renders OGC API – Processes documents (statusInfo, the process list and the `sleep` process description) as
/// JSON bytes.
///
/// Links are relative references (`/jobs/{jobID}`): the target does not know the host name its clients use, and
/// link.yaml's `href` is a plain string. Timestamps are RFC 3339 UTC with milliseconds.
struct OGCProcessesJSON {
    let context: TargetContext

    /// The statusInfo document (statusInfo.yaml, clause 7.12) of job `id` in state `snapshot`; with `dismissed`,
    /// the answer to a dismiss, whose status "SHALL be set to 'dismissed'" (/req/dismiss/job-dismiss-success).
    ///
    /// Fields follow /rec/core/job-status: `processID` is set; `created` when accepted; `started` once it runs;
    /// `finished` once it no longer runs (for a dismissed job, the instant the dismiss stopped it); `updated` at
    /// the last status change (a dismiss is one). Absent instants are left out (the schema's date-time fields
    /// are not nullable). `progress` is the percent of the run done, frozen when the job stops. `message` is
    /// set for failed and dismissed jobs only. Links: `self`, plus the job's results
    /// (`http://www.opengis.net/def/rel/ogc/1.0/results`) once successful or its exception
    /// (`.../exceptions`) once failed (clause 5's link relations); a dismissed job has none, since every link to
    /// it would now answer 404 and the job list (`up` in the standard's example) is not served.
    func statusInfo(id: String, _ snapshot: JobSnapshot, dismissed: Bool = false) -> [UInt8] {
        var text = JSONText(capacity: 512)
        text.raw(#"{"processID":"#)
        text.string(OGCProcessesAPI.processID)
        text.raw(#","type":"process","jobID":"#)
        text.string(id)
        text.raw(#","status":"#)
        text.raw(dismissed ? #""dismissed""# : snapshot.phase.ogcStatusCode)
        if dismissed {
            text.raw(#","message":"Job dismissed""#)
        } else if snapshot.outcome == .failed || snapshot.outcome == .moderated {
            text.raw(#","message":"The simulated process failed""#)
        }
        timestamp("created", snapshot.createdAt, into: &text)
        timestamp("started", snapshot.startedAt, into: &text)
        timestamp("finished", snapshot.endedAt, into: &text)
        let updated: Int64
        if dismissed {
            updated = snapshot.now
        } else {
            switch snapshot.phase {
            case .queued: updated = snapshot.createdAt
            case .running: updated = snapshot.startedAt ?? snapshot.createdAt
            case .terminal: updated = snapshot.endedAt ?? snapshot.now
            }
        }
        timestamp("updated", updated, into: &text)
        text.raw(#","progress":"#)
        text.integer(snapshot.percent)
        text.raw(#","links":["#)
        if !dismissed {
            link("/jobs/" + id, rel: "self", type: "application/json", title: "This job's status", into: &text)
            switch snapshot.outcome {
            case .succeeded:
                text.raw(",")
                link("/jobs/" + id + "/results", rel: "http://www.opengis.net/def/rel/ogc/1.0/results", type: nil,
                     title: "The job's results", into: &text)
            case .failed, .moderated:
                text.raw(",")
                link("/jobs/" + id + "/results", rel: "http://www.opengis.net/def/rel/ogc/1.0/exceptions",
                     type: "application/json", title: "Why the job failed", into: &text)
            case .cancelled, nil: break
            }
        }
        text.raw("]}")
        return text.bytes
    }

    /// processList.yaml (clause 7.9): the `sleep` summary and a `self` link.
    func processList() -> [UInt8] {
        var text = JSONText(capacity: 640)
        text.raw(#"{"processes":[{"#)
        summary(into: &text)
        text.raw("}],")
        text.raw(#""links":["#)
        link("/processes", rel: "self", type: "application/json", title: "The process list", into: &text)
        text.raw("]}")
        return text.bytes
    }

    /// The `sleep` process description (clause 7.10, in the OGC process description of clause 8): no inputs,
    /// one string output `result`, asynchronous execution and dismiss only.
    func processDescription() -> [UInt8] {
        var text = JSONText(capacity: 768)
        text.raw("{")
        summary(into: &text)
        text.raw(#","inputs":{},"outputs":{"result":{"title":"Result","description":"A line of text naming the job","#)
        text.raw(#""schema":{"type":"string","contentMediaType":"text/plain"}}}}"#)
        return text.bytes
    }

    /// The members of processSummary.yaml for `sleep`, without the enclosing braces.
    private func summary(into text: inout JSONText) {
        text.raw(#""id":"#)
        text.string(OGCProcessesAPI.processID)
        text.raw(#","title":"Sleep","description":"Simulated work: waits in a queue, runs with progress, then "#)
        text.raw(#"succeeds or fails, as cancelbench's reference target draws it","version":"1.0.0","#)
        text.raw(#""jobControlOptions":["async-execute","dismiss"],"outputTransmission":["value"],"links":["#)
        link("/processes/" + OGCProcessesAPI.processID, rel: "self", type: "application/json",
             title: "Process description", into: &text)
        text.raw(",")
        link("/processes/" + OGCProcessesAPI.processID + "/execution", rel: "http://www.opengis.net/def/rel/ogc/1.0/execute",
             type: nil, title: "Execute endpoint", into: &text)
        text.raw("]")
    }

    /// One link.yaml object.
    private func link(_ href: String, rel: StaticString, type: StaticString?, title: StaticString,
                      into text: inout JSONText) {
        text.raw(#"{"href":"#)
        text.string(href)
        text.raw(#","rel":""#)
        text.raw(rel)
        if let type {
            text.raw(#"","type":""#)
            text.raw(type)
        }
        text.raw(#"","title":""#)
        text.raw(title)
        text.raw(#""}"#)
    }

    /// `,"name":"<instant>"` for the monotonic instant, or nothing when it is nil.
    private func timestamp(_ name: StaticString, _ monotonic: Int64?, into text: inout JSONText) {
        guard let monotonic else { return }
        text.raw(#",""#)
        text.raw(name)
        text.raw(#"":"#)
        text.timestamp(unixNanoseconds: context.wallClock.unix(monotonic))
    }
}

extension JobSnapshot.Phase {
    /// The statusCode.yaml value (clause 7.12): accepted, running, successful, failed; a job cancelled by a
    /// dismiss is `dismissed` (though a read never finds one: it is gone).
    var ogcStatusCode: StaticString {
        switch self {
        case .queued: return #""accepted""#
        case .running: return #""running""#
        case .terminal(.succeeded): return #""successful""#
        case .terminal(.failed), .terminal(.moderated): return #""failed""#
        case .terminal(.cancelled): return #""dismissed""#
        }
    }
}
