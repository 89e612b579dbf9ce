import Foundation
import Testing
@testable import Harness

@Suite struct TargetURLTests {
    @Test func userInfoIsKeptForTheTransportAndNeverShown() throws {
        let t = try TargetURL("http://alice:pa%2055@127.0.0.1:8080/api/")
        #expect(t.url == "http://alice:pa%2055@127.0.0.1:8080/api")
        #expect(t.display == "http://127.0.0.1:8080/api")
        #expect(t.credentials.contains("pa%2055") && t.credentials.contains("pa 55") && t.credentials.contains("alice"))
        #expect(t.credentials.contains(Data("alice:pa 55".utf8).base64EncodedString()), "the Basic auth form a target may echo")
    }

    @Test(arguments: [
        ("http://127.0.0.1:70000", "port 70000 is out of range"),
        ("ftp://127.0.0.1", "expected a URL such as"),
        ("http://u:secret@", "found 'http://***@'"),
        ("http://127.0.0.1:8080/x?y=1", "without a query or fragment"),
        ("http://127.0.0.1:8080/a b", "expected a URL such as"),
    ])
    func badTargetsAreRefusedWithoutShowingCredentials(text: String, message: String) {
        do {
            _ = try TargetURL(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(!error.message.contains("secret"))
        }
    }
}
