import Testing
@testable import ReferenceTarget

@Suite struct TaskRequestParserTests {
    @Test func emptyBodyUsesDefaults() throws {
        let request = try TaskRequestParser.parse([]).get()
        #expect(request.capability == TaskRequest.defaultCapability)
        #expect(request.resolvedModel == "beatra-sim-1")
        #expect(request.callbackURL == nil)
    }

    @Test func nullFieldsAreAbsentAndUnknownFieldsIgnored() throws {
        let body = #"{"model":null,"extra":[1,2],"callback_url":"http://localhost:9/cb"}"#
        let request = try TaskRequestParser.parse(Array(body.utf8)).get()
        #expect(request.model == TaskRequest.defaultModel)
        #expect(request.callbackURL == "http://localhost:9/cb")
    }
}
