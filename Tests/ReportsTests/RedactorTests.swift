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
}
