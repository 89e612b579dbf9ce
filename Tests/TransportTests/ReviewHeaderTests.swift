import Testing
@testable import Transport

/// Review of profile format 2: header values, now that a job id may be read from one.
@Suite struct ReviewHeaderTests {
    /// A header line ended by a bare LF (libcurl accepts it) kept its `\n`: the id from `Location: /jobs/j1`
    /// was read as `j1\n`, and every read of the job went to `/jobs/j1%0A` (404; found live with a server
    /// that ends its lines with LF alone).
    @Test(arguments: [" /jobs/j1\n", " /jobs/j1\r\n", "\t/jobs/j1 \r", " /jobs/j1\n\r"])
    func headerValuesLoseEveryLineEnding(_ raw: String) {
        #expect(raw.trimmingCharacters(in: " \t\r\n") == "/jobs/j1")
    }
}
