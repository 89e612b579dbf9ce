import Testing
@testable import LoadModel

@Suite struct ThresholdFileTests {
    @Test func readsThresholdsSkippingCommentsAndBlanks() throws {
        let text = """
            # release gate
            p(99) < 250ms

            cancel[racing-completion].p(99) < 500ms   # the race is slower by design
            \tviolations == 0\r
            """
        let thresholds = try ThresholdFile.parse(text, file: "gate.txt")
        #expect(thresholds.map(\.expression) == ["p(99) < 250ms", "cancel[racing-completion].p(99) < 500ms", "violations == 0"])
        #expect(thresholds[1].scope == .cancelPoint(.racingCompletion))
    }

    @Test(arguments: [
        // The error names the file, the 1-based line, the expression and the token.
        ("p(99)<250ms\n# ok\n\ncancel.p99<300ms\n", "gate.txt:4: 'cancel.p99<300ms': unknown metric \"p99\""),
        // CRLF line endings count lines the same way.
        ("p(99)<250ms\r\nerror_rate<2furlongs\r\n", "gate.txt:2: 'error_rate<2furlongs': unknown unit \"furlongs\""),
        // A trailing comment is not part of the expression the error shows.
        ("\n\nmax<1 # seconds\n", "gate.txt:3: 'max<1': latency value \"1\" needs a unit"),
        // A file with nothing to check would pass every run.
        ("# nothing yet\n\n", "gate.txt: no thresholds"),
    ])
    func errorsNameFileAndLine(text: String, expected: String) {
        #expect {
            _ = try ThresholdFile.parse(text, file: "gate.txt")
        } throws: { error in
            ((error as? UsageError)?.message ?? "").hasPrefix(expected)
        }
    }
}
