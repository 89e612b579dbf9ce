import Foundation
import Testing
@testable import LoadModel

/// The repository's profiles folder.
let profilesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("profiles")

func loadProfile(_ name: String) throws -> Profile {
    let path = profilesDirectory.appendingPathComponent("\(name).json").path
    return try Profile.parse(Array(FileManager.default.contents(atPath: path)!), file: path)
}

@Suite struct ProfileTests {
    @Test(arguments: ["pika", "beatra", "praison"])
    func shippedProfilesParse(name: String) throws {
        let p = try loadProfile(name)
        #expect(p.name == name)
        #expect(p.cancel.path.uses(.id))
        #expect(p.states.values.contains(.cancelled))
    }

    @Test func pikaMapsItsStatusesOntoTheLifecycle() throws {
        let p = try loadProfile("pika")
        #expect(p.canonical("created") == .queued)
        #expect(p.canonical("progress") == .running)
        #expect(p.canonical("moderated") == .failed)
        #expect(p.canonical("completed") == .succeeded)
        #expect(p.contract.missingId?.status == 400)
        #expect(p.contract.cancelTerminal.sameState)
    }

    @Test func beatraReadsBillingFromDecimalStrings() throws {
        let p = try loadProfile("beatra")
        let doc = try JSONParser.parse("{\"status\":\"running\",\"progress\":{\"percent\":40},\"cancel_requested_at\":\"2026-01-01T00:00:00Z\",\"billing\":{\"charged_credits\":\"2.000000\",\"refunded_credits\":\"0.500000\"}}")
        let o = p.observe(doc)
        #expect(o.state == .running)
        #expect(o.progress == 40)
        #expect(o.charged == 2 && o.refunded == 0.5)
        #expect(o.cancelRequestedAt == "2026-01-01T00:00:00Z")
    }

    static let valid = """
    {"name":"x","submit":{"method":"POST","path":"/jobs","id":"id"},
     "status":{"method":"GET","path":"/jobs/{id}"},"cancel":{"method":"POST","path":"/jobs/{id}/cancel"},
     "fields":{"status":"status"},"states":{"q":"queued","r":"running","ok":"succeeded","x":"cancelled"},
     "contract":{"cancelTerminal":{"status":400}}}
    """

    @Test func minimalProfileParses() throws {
        let p = try Profile.parse(Array(Self.valid.utf8))
        #expect(p.contract.cancelTerminal.status == .oneOf([400]))
        #expect(p.auth == nil)
    }

    @Test(arguments: [
        // Not JSON at all.
        ("{", "$", "not valid JSON"),
        // A typo in a key is caught, with the keys that are allowed.
        ("\"fields\":{\"status\":\"status\"}" + "|\"fields\":{\"stauts\":\"status\"}", "$.fields.stauts", "unknown key"),
        // Method outside the allowed set.
        ("\"method\":\"GET\",\"path\":\"/jobs/{id}\"}" + "|\"method\":\"FETCH\",\"path\":\"/jobs/{id}\"}", "$.status.method", "expected one of GET"),
        // The status path must place the id.
        ("\"path\":\"/jobs/{id}\"}," + "|\"path\":\"/jobs\"},", "$.status.path", "{id}"),
        // Unknown template variable.
        ("\"/jobs/{id}/cancel\"" + "|\"/jobs/{jobid}/cancel\"", "$.cancel.path", "unknown variable {jobid}"),
        // A state mapped to a name outside the lifecycle.
        ("\"r\":\"running\"" + "|\"r\":\"working\"", "$.states.r", "expected one of queued"),
        // A status code out of range.
        ("{\"status\":400}" + "|{\"status\":700}", "$.contract.cancelTerminal.status", "whole number from 100 to 599"),
        // A required member missing.
        ("\"fields\":{\"status\":\"status\"}," + "|", "$.fields", "missing"),
    ])
    func badProfilesNameThePathAndTheExpectation(edit: String, path: String, message: String) {
        var text = Self.valid
        if edit != "{" {
            let parts = edit.components(separatedBy: "|")
            text = text.replacingOccurrences(of: parts[0], with: parts[1])
        } else {
            text = "{"
        }
        do {
            _ = try Profile.parse(Array(text.utf8), file: "profiles/x.json")
            Issue.record("expected an error for edit \(edit)")
        } catch {
            #expect(error.file == "profiles/x.json")
            #expect(error.path == path)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix("profiles/x.json: \(path): "))
        }
    }

    @Test func templatesFillAndEscape() throws {
        let t = try Template("/jobs/{id}?run={run}")
        #expect(t.render { $0 == .id ? "a b" : $0 == .run ? "r1" : nil } == "/jobs/a b?run=r1")
        let body = try BodyTemplate(try JSONParser.parse("{\"p\":\"job {seq}\",\"n\":[1,{\"k\":\"{id}\"}]}"), path: "$.body")
        #expect(body.render { $0 == .seq ? "7" : "x\"y" } == "{\"p\":\"job 7\",\"n\":[1,{\"k\":\"x\\\"y\"}]}")
    }
}
