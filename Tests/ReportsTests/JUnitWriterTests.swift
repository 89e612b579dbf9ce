import Foundation
import Testing
import LoadModel
@testable import Reports

@Suite struct JUnitWriterTests {
    /// Invariant 1 violated by 2 jobs, 3 passed, 7 never exercised, 10 undecided once; three thresholds.
    static func document() throws -> String {
        var tally = RunTally()
        tally.invariants[.terminalStaysTerminal] = InvariantTally(pass: 8, unknown: 0, fail: 2)
        tally.invariants[.acknowledgedCancelSticks] = InvariantTally(pass: 10, unknown: 0, fail: 0)
        tally.invariants[.boundedCancellation] = InvariantTally(pass: 9, unknown: 1, fail: 0)
        var submit = OperationStats()
        submit.count = 3
        submit.latency.record(1000, count: 3)
        tally.operations[.submit] = submit
        let thresholds = ThresholdEvaluation(thresholds: try ["p(99)<2us", "max<500ns", "cancel.p(99)<1s"].map(Threshold.parse),
                                             tally: tally, elapsedSeconds: 2)
        // A server's answer quoted in evidence may hold anything, including a NUL and markup.
        let messages = ["job 4: read #12 showed \"running\" after #9 showed <succeeded> & \u{0}stayed", "job 7: read #30 showed 'failed'"]
        return JUnitWriter.xml(invariants: [.terminalStaysTerminal, .acknowledgedCancelSticks, .idempotencyKey, .boundedCancellation],
                               tally: tally, violationMessages: [.terminalStaysTerminal: messages], thresholds: thresholds,
                               elapsedSeconds: 2.0004, timestamp: "2026-01-02T03:04:05Z")
    }

    @Test func golden() throws {
        #expect(try Self.document() == """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="cancelbench" tests="7" failures="3" errors="0" skipped="1" time="2">
              <testsuite name="cancelbench" tests="7" failures="3" errors="0" skipped="1" time="2" timestamp="2026-01-02T03:04:05Z">
                <testcase classname="cancelbench.invariants" name="1 terminal-stays-terminal" time="0">
                  <failure message="2 of 10 jobs violated terminal-stays-terminal" type="invariant">- job 4: read #12 showed &quot;running&quot; after #9 showed &lt;succeeded&gt; &amp; stayed
            - job 7: read #30 showed &apos;failed&apos;</failure>
                </testcase>
                <testcase classname="cancelbench.invariants" name="3 acknowledged-cancel-sticks" time="0"/>
                <testcase classname="cancelbench.invariants" name="7 idempotency-key" time="0">
                  <skipped message="not exercised: no job in this run reached it"/>
                </testcase>
                <testcase classname="cancelbench.invariants" name="10 bounded-cancellation" time="0">
                  <system-out>unknown: 1 of 10 jobs could not be decided (an indeterminate exchange hides the answer); counted as a pass</system-out>
                </testcase>
                <testcase classname="cancelbench.thresholds" name="p(99)&lt;2us" time="0">
                  <system-out>observed 1µs, margin +1µs</system-out>
                </testcase>
                <testcase classname="cancelbench.thresholds" name="max&lt;500ns" time="0">
                  <failure message="observed 1000ns, margin -500ns" type="threshold">max&lt;500ns does not hold: observed 1000ns, margin -500ns</failure>
                </testcase>
                <testcase classname="cancelbench.thresholds" name="cancel.p(99)&lt;1s" time="0">
                  <failure message="no data: no latency recorded for cancel; a threshold that cannot be judged fails" type="threshold">cancel.p(99)&lt;1s does not hold: no data: no latency recorded for cancel; a threshold that cannot be judged fails</failure>
                </testcase>
              </testsuite>
            </testsuites>
            """ + "\n")
    }

    @Test(arguments: [
        // The five markup characters become entities.
        ("a & b < c > d \"e\" 'f'", false, "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;"),
        // Characters XML 1.0 forbids are dropped; tab and newline stay in text.
        ("x\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}y\t\nz\u{FFFE}\u{FFFF}", false, "xy\t\nz"),
        // In attributes, whitespace controls become character references so parsers keep them.
        ("a\tb\nc\rd", true, "a&#9;b&#10;c&#13;d"),
        // A raw carriage return in text would be read back as a newline.
        ("a\rb", false, "a&#13;b"),
        // Everything else passes through, astral planes included.
        ("µs → 🚀 \u{E000}", false, "µs → 🚀 \u{E000}"),
    ])
    func escaping(raw: String, attribute: Bool, escaped: String) {
        #expect(XMLText.escape(raw, attribute: attribute) == escaped)
    }

    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    // Needs xmllint (apt-get install libxml2-utils); without it this test is reported as skipped, not passed.
    @Test(.enabled(if: xmllint != nil, "xmllint is not installed"))
    func wellFormedForXmllint() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cancelbench-junit-\(getpid()).xml")
        try Self.document().write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.xmllint!)
        process.arguments = ["--noout", file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "xmllint: \(complaint)")
    }
}
