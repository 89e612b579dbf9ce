import Foundation
import Testing
@testable import LoadModel
@testable import Reports

/// The one-pass scanner must read every history line exactly as the general parser does.
@Suite struct HistoryScannerTests {
    static let profilesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles")

    func profile(_ name: String) throws -> Profile {
        try Profile.parse(Array(FileManager.default.contents(atPath: Self.profilesDir.appendingPathComponent("\(name).json").path)!))
    }

    func same(_ a: LoadModel.Operation, _ b: LoadModel.Operation) -> Bool {
        let request = a.seq == b.seq && a.kind == b.kind && a.idUse == b.idUse && a.requestedId == b.requestedId
        let timing = a.invoke == b.invoke && a.complete == b.complete
        let answer = a.httpStatus == b.httpStatus && a.outcome == b.outcome && a.transportError == b.transportError
        let content = a.observation == b.observation && a.errorBody == b.errorBody && a.returnedId == b.returnedId
        let key = a.idempotencyKey == b.idempotencyKey && a.payload == b.payload && a.bodyHash == b.bodyHash
        return request && timing && answer && content && key
    }

    @Test(arguments: [
        // A status read with a beatra observation and billing.
        (#"{"run_id":"r","job":3,"job_id":"task_1","job_end":"terminal","seq":12,"f":"status","id_use":"job","requested_id":"task_1","key":null,"payload":1,"invoke_ns":100,"complete_ns":200,"type":"ok","status":200,"error":null,"body_hash":"ff00","error_body":null,"value":{"status":"cancelled","state":"cancelled","progress":40,"cancel_requested_at":"2026-01-01T00:00:00Z","charged":2.5,"refunded":0.5,"usage":2,"returned_id":null}}"#, "beatra"),
        // A refused probe with an error body, escapes in the id and a negative number.
        (#"{"run_id":"r","job":4,"job_id":"j\"x","job_end":"timed-out","seq":13,"f":"cancel","id_use":"unknown-id","requested_id":"cb-\u00e9","key":"k1","payload":2,"invoke_ns":-5,"complete_ns":7,"type":"fail","status":404,"error":null,"body_hash":"1","error_body":{"error":"Unable to locate job cb-é","code":404},"value":{"status":null,"state":null,"progress":null,"cancel_requested_at":null,"charged":null,"refunded":null,"usage":null,"returned_id":null}}"#, "pika"),
        // No answer at all.
        (#"{"run_id":"r","job":5,"job_id":null,"job_end":"abandoned","seq":14,"f":"submit","id_use":"job","requested_id":"","key":null,"payload":1,"invoke_ns":1,"complete_ns":9,"type":"info","status":0,"error":"timeout","body_hash":"0","error_body":null,"value":{"status":null,"state":null,"progress":null,"cancel_requested_at":null,"charged":null,"refunded":null,"usage":null,"returned_id":"x"}}"#, "praison"),
    ])
    func scanMatchesTheParser(line: String, profileName: String) throws {
        let p = try profile(profileName)
        let parsed = try #require(HistoryLine.parse(try JSONParser.parse(line), profile: p))
        let scanned = try #require(HistoryScanner.scan(Array(line.utf8), profile: p))
        #expect(scanned.job == parsed.job && scanned.jobId == parsed.jobId && scanned.end == parsed.end)
        #expect(same(scanned.op, parsed.op))
    }

    @Test func notAHistoryLineIsNil() throws {
        let p = try profile("pika")
        #expect(HistoryScanner.scan(Array("{not json".utf8), profile: p) == nil)
        #expect(HistoryScanner.scan(Array("{\"job\":1}".utf8), profile: p) == nil)
    }
}
