import Foundation
import Testing
@testable import LoadModel
@testable import Reports

/// The scanner's fast path must read a line exactly as the general parser does, or leave it to the parser: never a
/// third answer. Each row changes one thing in a recorded line; the scanner's answer (fast path or fallback) must
/// equal `HistoryLine.parse` of `JSONParser.parse`, both nil or both the same operation to the bit.
@Suite struct HistoryScannerHostileTests {
    static let profile: Profile = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! Profile.parse(Array(FileManager.default.contents(atPath: dir.appendingPathComponent("profiles/beatra.json").path)!))
    }()

    /// A beatra read as the writer writes it: billing, a key, a cancel timestamp.
    static let base = #"{"run_id":"r-1","job":3,"job_id":"task_1","job_end":"terminal","seq":12,"f":"status","id_use":"job","requested_id":"task_1","key":"k-1","payload":1,"invoke_ns":100,"complete_ns":200,"type":"ok","status":200,"error":null,"body_hash":"ff00","error_body":null,"value":{"status":"cancelled","state":"cancelled","progress":40,"cancel_requested_at":"2026-01-01T00:00:00Z","charged":2.5,"refunded":0.5,"usage":2,"returned_id":null}}"#

    /// Whether two readings agree on every field, doubles to the bit (so -0 and 0 differ).
    static func same(_ a: HistoryScanner.Line?, _ b: HistoryScanner.Line?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        func bits(_ d: Double?) -> UInt64? { d?.bitPattern }
        let x = a.op, y = b.op, o = x.observation, p = y.observation
        let observation = (o == nil) == (p == nil) && o?.status == p?.status && o?.state == p?.state
            && bits(o?.progress) == bits(p?.progress) && o?.cancelRequestedAt == p?.cancelRequestedAt
            && bits(o?.charged) == bits(p?.charged) && bits(o?.refunded) == bits(p?.refunded) && bits(o?.usage) == bits(p?.usage)
        return a.job == b.job && a.jobId == b.jobId && a.end == b.end && x.seq == y.seq && x.kind == y.kind && x.idUse == y.idUse
            && x.requestedId == y.requestedId && x.invoke == y.invoke && x.complete == y.complete && x.httpStatus == y.httpStatus
            && x.outcome == y.outcome && x.transportError == y.transportError && x.errorBody == y.errorBody
            && x.idempotencyKey == y.idempotencyKey && x.payload == y.payload && x.bodyHash == y.bodyHash
            && x.returnedId == y.returnedId && observation
    }

    static func parsed(_ bytes: [UInt8]) -> HistoryScanner.Line? {
        (try? JSONParser.parse(bytes)).flatMap { HistoryLine.parse($0, profile: profile) }
    }

    static func replacing(_ field: String, _ value: String) -> String {
        let range = base.range(of: "\"\(field)\":")!
        let rest = base[range.upperBound...]
        // The old value ends at the first comma or closing brace outside strings and nested objects (no string in
        // `base` holds a quote).
        var end = rest.startIndex, inString = false, depth = 0
        while end < rest.endIndex, inString || depth > 0 || (rest[end] != "," && rest[end] != "}") {
            if rest[end] == "\"" { inString.toggle() }
            if !inString, rest[end] == "{" { depth += 1 }
            if !inString, rest[end] == "}" { depth -= 1 }
            end = rest.index(after: end)
        }
        return String(base[..<range.upperBound]) + value + String(rest[end...])
    }

    static let hostileValues: [(String, [String])] = [
        // Integers: fractions, exponents, signs, leading zeros, beyond 2^53 and beyond Int64, wrong types.
        ("job", ["3.0", "1e0", "-0", "-7", "03", "9007199254740992", "9007199254740993", "123456789012345678901234567890",
                 "null", "\"3\"", "true", "-", "3.", "3e"]),
        ("invoke_ns", ["1.5", "-100", "99999999999999999999", "1E2", "0", "00"]),
        ("status", ["0", "404", "200.0", "null", "\"200\"", "2e2"]),
        ("payload", ["2", "null", "1.0", "\"1\"", "-1"]),
        // Strings: escapes, raw and escaped non-ASCII, surrogates, control characters, wrong types.
        ("job_id", [#""t\u0061sk_1""#, "\"task_é\"", #""task_\u00e9""#, #""\ud83d\ude00""#, #""\ud83d""#, "\"a\u{1}b\"",
                    "null", "5", #""task_\"x""#, "\"\"", "\"" + String(repeating: "x", count: 100) + "\""]),
        ("requested_id", ["null", #""\/task_1""#, "\"other\""]),
        ("key", ["null", #""k\"1""#, "\"ké😀\"", "[]"]),
        ("error", ["\"timeout\"", #""ti\nme""#, "{}"]),
        ("run_id", ["null", "5", "true", "false", "{}", #""r\"""#, "nul"]),
        // Names: every case, escaped, unknown, null.
        ("f", ["\"cancel\"", "\"submit\"", #""sta\u0074us""#, "\"nope\"", "null", "\"STATUS\""]),
        ("id_use", ["\"unknown-id\"", "\"missing-id\"", "\"no-token\"", "\"unpaid\"", "\"bogus\""]),
        ("type", ["\"info\"", "\"fail\"", "\"x\""]),
        ("job_end", ["\"active\"", "\"submit-failed\"", "\"timed-out\"", "\"abandoned\"", "\"gone\"", "\"unsendable\"", "\"weird\"", "null"]),
        // The body hash: case, length, signs, junk.
        ("body_hash", ["\"FF00\"", "\"\"", "\"+ff\"", "\"ffffffffffffffff\"", "\"1ffffffffffffffff\"", "\"xyz\"", "null", "5"]),
        // Error bodies of every shape, escapes, a truncated one.
        ("error_body", [#"{"error":"x \"y\"","code":404}"#, "[1,2]", "\"str\"", "5", #"{"a":{"b":[{}]}}"#, #"{"a":"#, "{}"]),
        // The value object: null, empty, odd.
        ("value", ["null", "{}", #"{"status":null}"#, "5", #"{"status":"running","status":"queued"}"#, #"{"status":"queued","extra":1}"#,
                   #"{"returned_id":"task_9"}"#, #"{"status":"cancel\u006ced"}"#, #"{"status":"paused"}"#]),
        // Numbers as doubles: fractions, exponents, overflow, underflow, long mantissas, signed zero, wrong types.
        ("progress", ["40.5", "1e2", "1E-3", "0.1", "12.345678901234567", "1e400", "-1e400", "-0.0", "1e-400", "123456789012345678",
                      "4.2e22", "4.2e23", "9007199254740993", "null", "\"40\"", "040", "0.30000000000000004", "1.7976931348623157e308",
                      "5e-324", "-", "1.", ".5", "1e+2", "1e-0"]),
        ("charged", ["0.30000000000000004", "1e21", "100000000000000000000000", "2.5e-5"]),
        ("cancel_requested_at", ["null", #""2026\u002d01""#, "7"]),
    ]

    static var hostileLines: [String] {
        var lines = hostileValues.flatMap { field, values in values.map { replacing(field, $0) } }
        // Keys in another order, spaces everywhere, a repeated key, an unknown key, trailing text, an escaped key.
        lines.append(#"{"value":{"returned_id":null,"usage":2,"status":"running","progress":10},"type":"ok","f":"status","job":3,"seq":1,"id_use":"job","invoke_ns":1,"complete_ns":2,"status":200,"job_end":"terminal"}"#)
        lines.append(base.replacingOccurrences(of: ",", with: " ,\t").replacingOccurrences(of: "\":", with: "\" :  "))
        lines.append(" \t" + base + " \t")
        lines.append(String(base.dropLast()) + ",\"job\":4}")
        lines.append(String(base.dropLast()) + ",\"extra\":1}")
        lines.append(base + "x")
        lines.append(base + "}")
        lines.append(base.replacingOccurrences(of: "\"seq\"", with: #""s\u0065q""#))
        lines.append(String(base.dropLast()) + ",}")
        lines.append(base.replacingOccurrences(of: "\"job\":3,", with: "\"job\":3"))
        lines.append("{}")
        lines.append("[]")
        lines.append("")
        return lines
    }

    @Test func hostileLinesReadAsTheParserReadsThem() {
        var shared = HistoryScanner(profile: Self.profile)
        for line in Self.hostileLines {
            let bytes = Array(line.utf8)
            let want = Self.parsed(bytes)
            #expect(Self.same(HistoryScanner.scan(bytes, profile: Self.profile), want), "\(line)")
            #expect(Self.same(bytes.withUnsafeBufferPointer { shared.scan($0) }, want), "\(line)")
        }
    }

    /// A line cut anywhere (a history whose writer died mid-line) is what the parser says, usually nothing.
    @Test func everyTruncationReadsAsTheParserReadsIt() {
        var shared = HistoryScanner(profile: Self.profile)
        let bytes = Array(Self.base.utf8)
        for cut in 0...bytes.count {
            let prefix = Array(bytes[..<cut])
            #expect(Self.same(prefix.withUnsafeBufferPointer { shared.scan($0) }, Self.parsed(prefix)), "cut at \(cut)")
        }
    }

    /// Eight bytes at a time: the run of leading digits and its value, for every run length and what ends it.
    @Test(arguments: ["", "0", "7", "42", "123", "9876", "00042", "314159", "2718281", "12345678", "99999999"])
    func eightDigitsAtATime(digits: String) {
        for end in [",", "}", ".", "e", "/", ":", "\u{FF}"] {
            let text = Array((digits + end + "9999999").utf8.prefix(8)) + Array(repeating: UInt8(ascii: "0"), count: 8)
            let word = text.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let (run, value) = HistoryScanner.digits(word)
            let expected = Array(text.prefix(8).prefix { $0 >= 0x30 && $0 <= 0x39 })
            #expect(run == expected.count, "\(digits)\(end)")
            #expect(value == Int64(String(decoding: expected, as: UTF8.self)) ?? 0, "\(digits)\(end)")
        }
    }

    /// Bytes that are not UTF-8 are repaired the same way by both.
    @Test func invalidUTF8ReadsAsTheParserReadsIt() {
        var bytes = Array(Self.base.utf8)
        let at = Array(Self.base.utf8).firstIndex(of: UInt8(ascii: "_"))!
        bytes.insert(contentsOf: [0xFF, 0xC3], at: at)
        #expect(Self.same(HistoryScanner.scan(bytes, profile: Self.profile), Self.parsed(bytes)))
    }

    /// Lines as the writer writes them take the fast path (else the tests above would pass with no fast path at
    /// all), and one scanner reading thousands of distinct ids, more than its string tables hold, stays exact.
    @Test func writtenLinesTakeTheFastPathAndStayExact() {
        var shared = HistoryScanner(profile: Self.profile)
        let statuses = ["queued", "running", "succeeded", "failed", "cancelled", "paused"]
        var fast = 0
        for n in 0..<5000 {
            var op = LoadModel.Operation(seq: n, kind: OperationKind.allCases[n % 3], idUse: IdUse.allCases[n % 5],
                                         requestedId: "task_\(n / 3)", invoke: Instant(nanoseconds: Int64(n) * 1_000_003),
                                         complete: Instant(nanoseconds: Int64(n) * 1_000_003 + 77), httpStatus: [200, 202, 404, 409, 0, 503][n % 6],
                                         outcome: Outcome.allCases[n % 3], transportError: n % 6 == 4 ? "timeout" : nil)
            if n % 4 == 0 {
                op.observation = Observation(status: statuses[n % 6], state: Self.profile.canonical(statuses[n % 6]),
                                             progress: n % 8 == 0 ? Double(n % 101) : Double(n) / 7, cancelRequestedAt: n % 3 == 0 ? "2026-01-01T00:00:\(n % 60)Z" : nil,
                                             charged: Double(n) * 0.01, refunded: n % 5 == 0 ? nil : 1e-9 * Double(n), usage: 1e20 + Double(n))
            }
            if n % 7 == 0 { op.errorBody = .object([(key: "error", value: .string("No task \(n)")), (key: "code", value: .number(404))]) }
            op.idempotencyKey = n % 2 == 0 ? "cb-key-\(n)-é" : nil
            op.payload = 1 + n % 2
            op.bodyHash = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            op.returnedId = n % 3 == 0 ? "task_\(n / 3)" : nil
            let line = HistoryLine.json(op, job: n / 3, jobId: n % 11 == 0 ? nil : "task_\(n / 3)", end: JobEnd.allCases[n % 7], runId: "run-\(n % 2)")
            let bytes = Array(line.utf8)
            let want = Self.parsed(bytes)
            #expect(want != nil, "\(line)")
            #expect(Self.same(bytes.withUnsafeBufferPointer { shared.scan($0) }, want), "\(line)")
            if !bytes.contains(UInt8(ascii: "\\")) {
                let read = bytes.withUnsafeBufferPointer { buffer -> HistoryScanner.Line? in
                    shared.bytes = buffer
                    shared.i = 0
                    return shared.line()
                }
                #expect(Self.same(read, want), "\(line)")
                if read != nil { fast += 1 }
            }
        }
        #expect(fast == 5000)
    }
}
