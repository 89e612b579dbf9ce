import Testing
@testable import LoadModel

/// Mutated profiles: each is refused with a located message, or accepted with nothing in it that would break a
/// request on the wire.
@Suite struct ProfileFuzzTests {
    static let dictionary = ["\\r\\n", "\\n", "\\u0000", "\\u007f", "..", ".", "{id}", "{", "}", "\"path\":\"/x\",",
                             "\"headers\":{\"A\":\"b\"},", " ", "/", "\\t", "é", "\"\":", "\"method\":\"GET\","]

    /// The corpus is valid: mutations start from profiles that parse.
    @Test func corpusParses() throws {
        let corpus = Corpus.load("profile")
        #expect(corpus.count >= 5)
        for entry in corpus { _ = try Profile.parse(entry.bytes, file: entry.name) }
    }

    @Test func mutatedProfilesAreRefusedOrSafe() {
        let corpus = Corpus.load("profile").map(\.bytes)
        var mutator = Mutator(seed: FuzzSettings.seed &+ 1, dictionary: Self.dictionary)
        var accepted = 0
        for i in 0..<FuzzSettings.iterations(3000) {
            let input = mutator.mutate(corpus[i % corpus.count], corpus: corpus)
            FuzzSettings.trace(input)
            do {
                let profile = try Profile.parse(input, file: "fuzz.json")
                accepted += 1
                let problems = Self.wireProblems(profile)
                #expect(problems.isEmpty, "iteration \(i): \(problems) in \(FuzzSettings.literal(input))")
            } catch {
                #expect(error.path.hasPrefix("$"), "iteration \(i)")
                #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                        "iteration \(i): \(error.description)")
            }
        }
        // A loop that refuses everything tests only the refusals: enough mutants must survive.
        #expect(accepted > FuzzSettings.iterations(3000) / 50, "only \(accepted) accepted")
    }

    /// What in an accepted profile would be sent malformed: the invariants the parser promises.
    static func wireProblems(_ p: Profile) -> [String] {
        var problems: [String] = []
        func control(_ s: String) -> Bool { s.utf8.contains { $0 < 0x20 || $0 == 0x7F } }
        func token(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy(WireText.isTchar) }
        for (name, call) in [("submit", p.submit), ("status", p.status), ("cancel", p.cancel)] {
            if !token(call.method) { problems.append("\(name).method") }
            let path = call.path.description
            if !path.hasPrefix("/") || path.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { problems.append("\(name).path") }
            for h in call.headers {
                if !token(h.name) { problems.append("\(name) header name") }
                if control(h.value.description) { problems.append("\(name) header value") }
            }
        }
        if let auth = p.auth {
            if !token(auth.header) { problems.append("auth.header") }
            if control(auth.prefix) { problems.append("auth.prefix") }
        }
        var paths = [p.fields.status]
        if case .body(let id) = p.submitId { paths.append(id) }
        paths += [p.fields.progress, p.fields.cancelRequestedAt, p.fields.charged, p.fields.refunded, p.fields.usage,
                  p.callback?.id].compactMap { $0 }
        func emptyName(_ step: FieldPath.Step) -> Bool { if case .key(let k) = step { return k.isEmpty } else { return false } }
        for f in paths where f.steps.isEmpty || f.steps.contains(where: emptyName) || control(f.description) {
            problems.append("field path \(f)")
        }
        return problems
    }
}
