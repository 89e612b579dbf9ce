import Testing
@testable import ReferenceTarget

@Suite struct RequestTargetTests {
    @Test(arguments: [
        ("/a/b?x=1?y", "/a/b", "x=1?y"),  // only the first ? splits
        ("/a/b", "/a/b", nil),  // no query
        ("/a?", "/a", ""),  // empty query
    ] as [(String, String, String?)])
    func splitsPathAndQuery(target: String, path: String, query: String?) {
        let split = RequestTarget(target)
        #expect(split.path == path)
        #expect(split.query.map(String.init) == query)
    }

    @Test func segmentsAfterPrefix() {
        let parts = RequestTarget("/v1/tasks/abc/cancel").segments(after: "/v1/tasks/")
        #expect(parts?.map { String(Substring($0)) } == ["abc", "cancel"])
        #expect(parts?[1].spells("cancel") == true)
        #expect(RequestTarget("/v2/tasks/abc").segments(after: "/v1/tasks/") == nil)
    }
}
