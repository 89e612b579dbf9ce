import Testing
@testable import ReferenceTarget

@Suite struct QueryStringTests {
    @Test(arguments: [
        ("jobid=abc", "abc"),  // alone
        ("a=1&jobid=abc&b=2", "abc"),  // in the middle
        ("jobid=a%20b+c", "a b c"),  // percent and plus decoding
        ("jobid=%zz%4", "%zz%4"),  // malformed escapes kept
        ("job%69d=x", "x"),  // encoded name
        ("jobid=first&jobid=second", "first"),  // first wins
        ("jobid", ""),  // no value
        ("&&jobid=x&&", "x"),  // empty pairs skipped
    ])
    func findsJobid(query: String, expected: String) {
        #expect(QueryString.value(of: "jobid", in: query[...]) == expected)
    }

    @Test func absentIsNil() {
        #expect(QueryString.value(of: "jobid", in: nil) == nil)
        #expect(QueryString.value(of: "jobid", in: "jobidx=1"[...]) == nil)
    }
}
