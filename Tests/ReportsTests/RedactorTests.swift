import Testing
@testable import Reports

@Suite struct RedactorTests {
    static let redactor = Redactor(secrets: ["s3cr\"t/tok", "pa55"])

    @Test(arguments: [
        // Plain, several times, at the ends.
        ("s3cr\"t/tokxs3cr\"t/tok", "[redacted]x[redacted]"),
        // JSON-escaped, as a target echoing it in a JSON string writes it.
        (#"{"a":"s3cr\"t\/tok"}"#, #"{"a":"[redacted]"}"#),
        // CSV-quoted, as a field holding it is written.
        ("\"s3cr\"\"t/tok\"", "\"[redacted]\""),
        // Percent-encoded, as a URL holding it is written.
        ("/x?t=s3cr%22t%2Ftok", "/x?t=[redacted]"),
        // The second secret, and text that only starts like one.
        ("pa5 pa55 s3cr", "pa5 [redacted] s3cr"),
    ])
    func everyFormIsReplaced(text: String, expected: String) {
        #expect(Self.redactor.redact(text) == expected)
    }

    @Test func textWithoutSecretsIsUnchangedAndNothingIsRedactedWithoutSecrets() {
        let bytes = Array("no secret here, just s3cr and pa5".utf8)
        #expect(Self.redactor.redact(bytes) == bytes)
        #expect(Redactor.none.redact("s3cr\"t/tok") == "s3cr\"t/tok")
        #expect(Redactor(secrets: [""]).isEmpty)
    }

    /// The one-pass check that lets a clean buffer through must find every form wherever it sits: as the
    /// whole buffer, at its very end, after near misses of the same lead byte, and for each lead byte.
    @Test(arguments: [
        // The whole buffer is a form.
        ("pa55", "[redacted]"),
        // At the very end, after a near miss of the same lead byte.
        ("ppa5p pa55", "ppa5p [redacted]"),
        // Only a percent-encoded form, behind many lead bytes of the other secret.
        (String(repeating: "s3cr ", count: 50) + "s3cr%22t%2Ftok", String(repeating: "s3cr ", count: 50) + "[redacted]"),
        // A prefix of a form cut off by the end of the buffer is no form.
        ("xx s3cr\"t/to", "xx s3cr\"t/to"),
    ])
    func theCleanBufferCheckFindsEveryForm(text: String, expected: String) {
        #expect(Self.redactor.redact(text) == expected)
        #expect(Self.redactor.containsAnyForm(Array(text.utf8)) == (text != expected))
    }
}
