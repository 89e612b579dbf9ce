import HTTPServer
import Testing
@testable import ReferenceTarget

@Suite struct AccountTests {
    @Test(arguments: [
        ("Bearer cancelbench-local", Account.paid(token: "cancelbench-local")),  // canonical
        ("bEaReR   cancelbench-local", .paid(token: "cancelbench-local")),  // scheme case and extra spaces
        ("Bearer cancelbench-unpaid", .unpaid(token: "cancelbench-unpaid")),  // no subscription
        ("Basic cancelbench-local", .unauthorized),  // another scheme
        ("Bearer", .unauthorized),  // no token
        ("Bearer other", .unauthorized),  // unknown token
        ("Bearer\tcancelbench-local", .unauthorized),  // the separator must be a space
    ])
    func classifiesAuthorization(value: String, expected: Account) {
        let request = HTTPRequest(method: "GET", target: "/", headers: [(name: "authorization", value: value)])
        #expect(Account(request, config: TargetConfig(dialect: .pika)) == expected)
    }

    @Test func missingHeaderIsUnauthorized() {
        #expect(Account(HTTPRequest(method: "GET", target: "/"), config: TargetConfig(dialect: .beatra)) == .unauthorized)
    }
}
