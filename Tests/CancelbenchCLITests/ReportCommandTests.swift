import Foundation
import Testing
@testable import CancelbenchCLI
import Reports

@Suite struct ReportCommandTests {
    /// A passing run's summary.json, as a run encodes it.
    static var passingSummary: String {
        let header = Summary.Header(runId: "r", profile: "pika", target: "embedded", model: .closed(concurrency: 1), jobsRequested: 1,
                                    seed: 1, cancelMix: "none=1", connections: 1, elapsedSeconds: 1, stopReason: nil,
                                    command: "cancelbench replay r")
        let summary = Summary(header: header, tally: RunTally(), invariants: [], exitCode: 0, verdictLine: "verdict: PASS: 0 violations → exit 0",
                              coverage: .init(jobsAccepted: 1, jobsTerminal: 1, minTerminal: 1, invariantsExercised: 2, minInvariants: 2,
                                              errors: [:], shortfalls: []),
                              judged: nil, notes: [], thresholds: nil)
        return String(decoding: summary.encoded(), as: UTF8.self)
    }

    /// A minimal results folder.
    func folder(_ name: String, summary: String = Self.passingSummary) throws -> String {
        let dir = scratchDirectory(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try summary.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        let header = "run_id,seq,job,job_id,op,id_use,cancel_point,method,path,intended_ns,started_ns,sent_ns,completed_ns,"
            + "latency_ns,service_ns,status,outcome,error,bytes_out,bytes_in,new_connections,api_status,state\n"
        let row = "r,1,0,j1,submit,job,none,POST,/v1/tasks,0,10,20,1000020,1000020,1000000,200,ok,,10,10,1,queued,queued\n"
        try (header + row).write(toFile: dir + "/requests.csv", atomically: true, encoding: .utf8)
        try ("run_id,job,job_id,cancel_point,state_at_cancel,cancels,final_status,final_state,end,exchanges,started_ns,ended_ns,violations\n"
            + "r,0,j1,none,,0,succeeded,succeeded,terminal,1,0,9,\n").write(toFile: dir + "/jobs.csv", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func writesReportHTMLIntoTheFolderByDefault() throws {
        let dir = try folder("report-ok")
        #expect(CancelbenchCLI.main(["report", dir, "--quiet"]) == 0)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))
    }

    @Test func outChoosesTheFile() throws {
        let dir = try folder("report-out")
        let out = dir + "/elsewhere.html"
        #expect(CancelbenchCLI.main(["report", dir, "--out", out, "--quiet"]) == 0)
        #expect(FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: dir + "/report.html"))
    }

    @Test func notAResultsFolderIsAUsageError() throws {
        let file = try folder("report-file") + "/jobs.csv"
        let empty = scratchDirectory("report-empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        // No such folder; a file, not a folder; a folder without summary.json; no folder given.
        for args in [["/nonexistent-cancelbench"], [file], [empty], []] {
            #expect(CancelbenchCLI.main(["report"] + args + ["--quiet"]) == 64, "report \(args)")
        }
    }

    @Test func malformedFilesAreDataErrors() throws {
        #expect(CancelbenchCLI.main(["report", try folder("report-bad-json", summary: "{\"run_id\": \n}"), "--quiet"]) == 65)
        let dir = try folder("report-bad-csv")
        try "op,started_ns\nsubmit,1\n".write(toFile: dir + "/requests.csv", atomically: true, encoding: .utf8)
        #expect(CancelbenchCLI.main(["report", dir, "--quiet"]) == 65)
    }

    @Test func runWritesTheReport() throws {
        let out = scratchDirectory("report-run")
        #expect(CancelbenchCLI.main(["run", "--jobs", "30", "--seed", "3", "--out", out, "--quiet"]) == 0)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Final state by cancel point") && html.contains(">PASS<"))
    }
}
