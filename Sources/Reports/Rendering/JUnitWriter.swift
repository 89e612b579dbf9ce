import LoadModel

/// A run as JUnit XML, so CI systems (Jenkins, GitLab, GitHub annotations) list each invariant and threshold
/// as a test case.
///
/// One `<testsuite name="cancelbench">` holds a test case per invariant (classname `cancelbench.invariants`,
/// name `1 terminal-stays-terminal`) and one per threshold (classname `cancelbench.thresholds`, name the
/// expression). A violated invariant or a failed threshold is a `<failure>` carrying the evidence or the
/// margin; an invariant no job exercised is `<skipped>`; an unknown verdict passes with a `<system-out>`
/// that says so. `errors` is always 0: a run that could not be carried out exits 3 and writes no verdicts.
public enum JUnitWriter {
    /// Violation messages shown per failed invariant; the rest are counted.
    public static let sampleLimit = 5

    /// The XML document.
    /// - Parameters:
    ///   - invariants: the invariants the checker judged, in order.
    ///   - tally: the run's verdict counts.
    ///   - violationMessages: the first violations' messages per invariant (from violations.jsonl), shown as
    ///     the failure's evidence; more than `sampleLimit` are counted, not shown.
    ///   - thresholds: the judged thresholds, if any were given.
    ///   - elapsedSeconds: the run's duration, the suite's `time`.
    ///   - timestamp: ISO 8601 start of the run, written when given (the clock is the caller's).
    public static func xml(invariants: [Invariant], tally: RunTally, violationMessages: [Invariant: [String]] = [:],
                           thresholds: ThresholdEvaluation? = nil, elapsedSeconds: Double, timestamp: String? = nil) -> String {
        var cases: [String] = []
        var failures = 0
        var skipped = 0
        for invariant in invariants {
            let t = tally.invariants[invariant] ?? InvariantTally()
            let head = "<testcase classname=\"cancelbench.invariants\" name=\(attr("\(invariant.rawValue) \(invariant.name)")) time=\"0\""
            switch t.verdict {
            case nil:
                skipped += 1
                cases.append(head + ">\n      <skipped message=\"not exercised: no job in this run reached it\"/>\n    </testcase>")
            case .pass?:
                cases.append(head + "/>")
            case .unknown?:
                cases.append(head + ">\n      <system-out>unknown: \(t.unknown) of \(t.jobs) jobs could not be decided "
                    + "(an indeterminate exchange hides the answer); counted as a pass</system-out>\n    </testcase>")
            case .fail?:
                failures += 1
                let messages = violationMessages[invariant] ?? []
                var body = messages.prefix(sampleLimit).map { "- " + $0 }
                if messages.count > sampleLimit { body.append("… and \(messages.count - sampleLimit) more in violations.jsonl") }
                if messages.isEmpty { body.append("see violations.jsonl for the evidence") }
                let message = "\(t.fail) of \(t.jobs) jobs violated \(invariant.name)"
                cases.append(head + ">\n      <failure message=\(attr(message)) type=\"invariant\">"
                    + XMLText.escape(body.joined(separator: "\n")) + "</failure>\n    </testcase>")
            }
        }
        for r in thresholds?.results ?? [] {
            let head = "<testcase classname=\"cancelbench.thresholds\" name=\(attr(r.threshold.expression)) time=\"0\""
            let message = r.observed == nil ? "\(r.note ?? "no data"); a threshold that cannot be judged fails"
                : "observed \(r.observedText), margin \(r.marginText)"
            if r.passed {
                cases.append(head + ">\n      <system-out>\(XMLText.escape(message))</system-out>\n    </testcase>")
                continue
            }
            failures += 1
            cases.append(head + ">\n      <failure message=\(attr(message)) type=\"threshold\">"
                + XMLText.escape("\(r.threshold.expression) does not hold: \(message)") + "</failure>\n    </testcase>")
        }
        let time = ThresholdEvaluation.number((max(0, elapsedSeconds) * 1000).rounded() / 1000)
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(time)\""
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites name=\"cancelbench\" \(counts)>"]
        out.append("  <testsuite name=\"cancelbench\" \(counts)" + (timestamp.map { " timestamp=\(attr($0))" } ?? "") + ">")
        out.append(contentsOf: cases.map { "    " + $0 })
        out.append("  </testsuite>")
        out.append("</testsuites>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A quoted, escaped attribute value.
    static func attr(_ s: String) -> String { "\"" + XMLText.escape(s, attribute: true) + "\"" }
}
