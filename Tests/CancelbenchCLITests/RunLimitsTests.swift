import Foundation
import Testing
@testable import CancelbenchCLI
import Reports

/// The harness's own limits are kept by timers, refused at parse time when they cannot work, and never blamed
/// on the target; outputs that cannot be written end the run naming the file.
@Suite struct RunLimitsTests {
    /// A job timeout shorter than the cancel deadline, against a correct target: jobs the harness gave up on are
    /// said to be given up (exit 3), never reported as breaking bounded cancellation.
    @Test func jobTimeoutShorterThanTheCancelDeadlineBlamesNobody() throws {
        let out = scratchDirectory("short-timeout")
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(["run", "--jobs", "60", "--seed", "4", "--job-timeout", "20ms", "--cancel-deadline", "2s",
                                        "--out", out], capture: capture)
        #expect(code == 3, "\(capture.out)\(capture.err)")
        #expect(capture.out.contains("the harness gave up on"))
        let violations = try readLines(out + "/violations.jsonl")
        #expect(!violations.contains { $0.contains("\"invariant\":10") }, "\(violations.prefix(2))")
    }

    /// The job timeout is a timer: with reads a minute apart, a 300 ms job timeout still ends the run at once.
    @Test func jobTimeoutDoesNotWaitForTheNextPoll() {
        let started = Date()
        let capture = ConsoleCapture()
        let code = CancelbenchCLI.main(["run", "--jobs", "3", "--cancel-mix", "none=1", "--poll-interval", "1m", "--job-timeout", "300ms",
                                        "--out", scratchDirectory("long-poll")], capture: capture)
        #expect(code == 3)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(capture.out.contains("3 not terminal within --job-timeout 300ms"), "\(capture.out)")
    }

    /// A full disk (a results file that is /dev/full): the run stops, exits 3 and names the file and the
    /// system's reason; it never passes with evidence missing, and summary.json (if it fits) says exit 3.
    @Test(arguments: ["requests.csv", "jobs.csv", "history.jsonl", "latency.hlog"])
    func aFullDiskStopsTheRunNamingTheFile(file: String) throws {
        let out = scratchDirectory("full")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out + "/" + file, withDestinationPath: "/dev/full")
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(["run", "--jobs", "500", "--seed", "2", "--out", out, "--quiet"], capture: capture) == 3)
        #expect(capture.err.contains("cannot write \(out)/\(file): No space left on device"), "\(capture.err)")
        // latency.hlog fails as the run starts (its header), before there is anything to summarize.
        if file != "latency.hlog" {
            let summary = try Summary.read(resultsDirectory: out)
            #expect(summary.exitCode == 3 && summary.verdictLine.contains("COULD NOT RUN"))
        }
    }

    /// The Markdown summary is evidence like the JUnit file: when it cannot be written the run has no verdict.
    @Test func aMarkdownSummaryThatCannotBeWrittenIsAnOutputFailure() throws {
        let out = scratchDirectory("full-md")
        // A link to /dev/full, never /dev/full itself: a failed write unlinks the file it named, and run as root
        // that would delete the device.
        let link = scratchDirectory("full-md-link")
        try FileManager.default.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(["run", "--jobs", "50", "--seed", "2", "--out", out, "--quiet", "--summary-markdown", link],
                                    capture: capture) == 3)
        #expect(capture.err.contains("cannot write \(link): No space left on device"), "\(capture.err)")
        #expect(try Summary.read(resultsDirectory: out).exitCode == 3)
    }

    @Test(arguments: [
        // The results folder's parent is a file.
        (["--out", "/dev/null/x"], "--out: cannot write /dev/null/x: Not a directory"),
        // The JUnit file's folder does not exist.
        (["--junit", "/nonexistent-cancelbench/j.xml"], "--junit: cannot write /nonexistent-cancelbench/j.xml: No such file or directory"),
        // The Markdown summary's folder does not exist.
        (["--summary-markdown", "/nonexistent-cancelbench/s.md"],
         "--summary-markdown: cannot write /nonexistent-cancelbench/s.md: No such file or directory"),
    ])
    func badOutputPathsAreRefusedBeforeTheRun(extra: [String], message: String) {
        let capture = ConsoleCapture()
        let started = Date()
        let out = extra.contains("--out") ? [] : ["--out", scratchDirectory("junit")]
        #expect(CancelbenchCLI.main(["run", "--jobs", "2000"] + out + extra, capture: capture) == 3)
        #expect(capture.err.contains(message), "\(capture.err)")
        #expect(Date().timeIntervalSince(started) < 2, "refused before the run, not after it")
    }

    @Test(arguments: [
        (["run", "--duration", "3000000h"], "--duration: '3000000h' is out of range; expected a duration from 1ms to 720h"),
        (["run", "--job-timeout", "1e30s"], "--job-timeout: '1e30s' is out of range"),
        (["run", "--request-timeout", "1e10s"], "--request-timeout: '1e10s' is out of range"),
        (["run", "--race-jitter", "1e12s"], "--race-jitter: '1e12s' is out of range"),
        // Under libcurl's millisecond resolution: 0 ms would switch the timeout off and hang on a silent target.
        (["run", "--request-timeout", "500us"], "--request-timeout: '500us' is below the 1ms resolution"),
        (["run", "--target", "http://127.0.0.1:70000"], "--target: port 70000 is out of range"),
        (["run", "--max-body", "12"], "--max-body: expected a size from 1KB"),
        (["run", "--min-terminal", "150%"], "--min-terminal: expected a share from 0% to 100%"),
        (["run", "--rate", "5", "--max-in-flight", "10000000"], "--max-in-flight: expected a whole number from 1 to 100000"),
        (["serve", "--queue-delay", "3000000h"], "--queue-delay: '3000000h' is out of range"),
        (["serve", "--port", "70000"], "--port: expected a whole number from 0 to 65535"),
        (["attack", "http://127.0.0.1:9/", "--timeout", "3000000h"], "--timeout: '3000000h' is out of range"),
        (["attack", "http://127.0.0.1:9/", "--header", "X: a\r\nY: b"], "--header: expected 'Name: value' on one line"),
        // A token with a line break would inject a header; the message never shows the token.
        (["run", "--target", "http://127.0.0.1:9", "--token", "abc\r\nX-Evil: 1"], "--token (or CANCELBENCH_TOKEN): the token holds a control character"),
    ])
    func numbersAreCheckedAtParseTime(arguments: [String], message: String) {
        let capture = ConsoleCapture()
        #expect(CancelbenchCLI.main(arguments, capture: capture) == 64)
        #expect(capture.err.contains(message), "\(capture.err)")
    }

    /// A results folder whose plan holds a value this build refuses: replay and check name the file, the JSON
    /// path and the range, and exit 65, never crash.
    @Test func recordedValuesAreCheckedWhenReadBack() throws {
        let out = scratchDirectory("recorded")
        #expect(CancelbenchCLI.main(["run", "--jobs", "20", "--seed", "5", "--out", out, "--quiet"]) == 0)
        let path = out + "/plan.json"
        let plan = try String(contentsOfFile: path, encoding: .utf8)
        #expect(plan.contains("\"cancel_deadline_ns\" : 10000000000"))
        try plan.replacingOccurrences(of: "\"cancel_deadline_ns\" : 10000000000", with: "\"cancel_deadline_ns\" : 9000000000000000000")
            .write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["replay", out], ["check", out]] {
            let capture = ConsoleCapture()
            #expect(CancelbenchCLI.main(command + ["--quiet"], capture: capture) == 65)
            #expect(capture.err.contains("\(path): $.settings: cancel_deadline_ns: expected 1ms to 168h, found 9000000000000000000 ns"), "\(capture.err)")
        }
    }
}
