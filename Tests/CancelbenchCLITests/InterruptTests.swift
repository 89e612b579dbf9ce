import Foundation
import LoadModel
import Testing
@testable import CancelbenchCLI
import Harness

/// Ctrl-C during a run: submitting stops, in-flight jobs are drained or abandoned within a bound, every output
/// is still written, and the exit code is 130.
@Suite struct InterruptTests {
    @Test func interruptWritesEverythingAndExits130() throws {
        let out = scratchDirectory("interrupt")
        let args = try ParsedArguments(["--jobs", "100000", "--seed", "3", "--out", out, "--quiet"], specs: RunCommand.options, command: "run")
        let command = try RunCommand(args)
        let signal = StopSignal()
        let engine = RunEngine(plan: command.plan, credentials: command.credentials, stopSignal: signal)
        let result = Mutex<ExitCode?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let code = try? engine.run().code
            result.withLock { $0 = code }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.8)
        let raised = Date()
        signal.raise()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(Date().timeIntervalSince(raised) < 5, "stops within the 2 s drain bound plus writing")
        #expect(result.withLock { $0 } == .interrupted)
        let summary = try JSONParser.parse(Array(FileManager.default.contents(atPath: out + "/summary.json")!))
        #expect(summary["exit_code"] == .number(130))
        #expect(summary["stop_reason"] == .string("interrupted"))
        let jobs = try readLines(out + "/jobs.csv").count - 1
        #expect(jobs > 0 && jobs < 100_000)
        #expect(summary["jobs"]?.numericValue == Double(jobs), "every started job is recorded, finished or abandoned")
        #expect(try readLines(out + "/jobs.csv").contains { $0.contains(",abandoned,") })
        #expect(FileManager.default.fileExists(atPath: out + "/history.jsonl"))
    }
}

import Synchronization
