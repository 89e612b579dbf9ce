import Foundation
import Testing
@testable import LoadModel

/// The shipped profile of Temporal's HTTP API (profiles/temporal.json), read against answers captured from the dev
/// server (see docs/real-targets.md): what it maps, and what it lets Temporal do.
@Suite struct TemporalProfileTests {
    /// A describe answer of the dev server, trimmed to the fields around the status.
    static func describe(_ status: String) -> String {
        """
        {"executionConfig":{"taskQueue":{"name":"cancelbench","kind":"TASK_QUEUE_KIND_NORMAL"},"defaultWorkflowTaskTimeout":"10s"},
         "workflowExecutionInfo":{"execution":{"workflowId":"cb-r-1","runId":"01a23467-dcf5-7183-a774-ebbffa42224b"},
           "type":{"name":"SleepWorkflow"},"status":"\(status)","historyLength":"5"},
         "workflowExtendedInfo":{"cancelRequested":true}}
        """
    }

    @Test func parsesAsAClientNamedBestEffortAckAPIWithoutASimulator() throws {
        let p = try loadProfile("temporal")
        #expect(p.format == 2 && p.name == "temporal")
        #expect(p.reference == nil)
        #expect(p.submitId == .client)
        #expect(p.cancelRule == CancelRule(answer: .ack, semantics: .bestEffort))
        #expect(p.contract.cancelTerminal.status == .oneOf([200]))
        #expect(p.contract.unknownId == ErrorRule(status: 404, body: .object([(key: "code", value: .number(5))])))
        #expect(p.retention.declared && !p.retention.allowsGone)
        #expect(p.probes == Probes(unknownId: .text, calls: [.cancel, .status]))
        #expect(p.auth == nil && p.fields.progress == nil)
    }

    @Test func mapsEveryWorkflowExecutionStatus() throws {
        let p = try loadProfile("temporal")
        let expected: [String: CanonicalState] = [
            "RUNNING": .running, "PAUSED": .running, "CONTINUED_AS_NEW": .running, "COMPLETED": .succeeded,
            "FAILED": .failed, "TERMINATED": .failed, "TIMED_OUT": .failed, "CANCELED": .cancelled,
        ]
        for (name, state) in expected {
            #expect(p.canonical("WORKFLOW_EXECUTION_STATUS_\(name)") == state, "\(name)")
        }
        #expect(p.states.count == expected.count)
        #expect(!p.states.values.contains(.queued))
    }

    @Test func readsTheStatusOfADescribeAnswer() throws {
        let p = try loadProfile("temporal")
        let running = p.observe(try JSONParser.parse(Self.describe("WORKFLOW_EXECUTION_STATUS_RUNNING")))
        #expect(running.state == .running && running.status == "WORKFLOW_EXECUTION_STATUS_RUNNING")
        #expect(p.observe(try JSONParser.parse(Self.describe("WORKFLOW_EXECUTION_STATUS_CANCELED"))).state == .cancelled)
    }

    @Test func submitBodyIsJSONWithTheRangeTheWorkerReadsAndTheJobKeyAsRequestId() throws {
        let p = try loadProfile("temporal")
        guard case .json(let t)? = p.submit.body else { Issue.record("expected a JSON body"); return }
        let text = t.render { v in v == .seq ? "17" : v == .jobKey ? "cb-r-17" : nil }
        let doc = try JSONParser.parse(text)
        #expect(doc["requestId"] == .string("cb-r-17"))
        #expect(doc.value(at: FieldPath(parsing: "input.payloads[0].seconds")!) == .string("0.3..1.5"))
        #expect(doc.value(at: FieldPath(parsing: "input.payloads[0].vary")!) == .string("17"))
        #expect(p.submit.path.render { $0 == .jobKey ? "cb-r-17" : nil } == "/api/v1/namespaces/default/workflows/cb-r-17")
    }

    @Test func theProgressAndKeyPointsAreNotPlayed() throws {
        let p = try loadProfile("temporal")
        for point in [CancelPoint.progress, .duplicateSameKey, .retryTimeout, .keyPayload, .replaySubmit, .noToken, .unpaid] {
            #expect(point.unsupported(by: p) != nil, "\(point)")
        }
        for point in [CancelPoint.afterSubmit, .running, .racingCompletion, .afterTerminal, .duplicate, .unknownId] {
            #expect(point.unsupported(by: p) == nil, "\(point)")
        }
    }
}
