import Foundation
import LoadModel
import Testing
@testable import Reports

/// requests.csv rows, jobs.csv rows and history.jsonl lines are built from bytes, not strings; these pin them
/// to the bytes the string code before them wrote (kept here as the reference), for hostile values too.
@Suite struct ByteRowsTests {
    /// Values a target may send back in a job id, a status or an error body: CSV and JSON specials, every C0
    /// control, DEL, non-ASCII, astral planes, line separators, a lone combining mark.
    static let hostile: [String] = [
        "", "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rlf\r\n", "tab\there", "back\\slash", "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1B}\u{1F}",
        "\u{7F}\u{85}", "é✓😀\u{2028}\u{2029}", "\u{301}", "\"", ",", "\n", "a/b", "{\"json\":[1,2]}", "x\"\"y",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
    ]

    /// The JSON quoter before byte building: scalar by scalar into a String.
    static func referenceQuote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The CSV field quoter before byte building.
    static func referenceCSV(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The history line before byte building: string interpolation of `JSONText.quote`d fields.
    static func referenceLine(_ op: LoadModel.Operation, job: Int, jobId: String?, end: JobEnd, runId: String) -> String {
        func q(_ s: String?) -> String { s.map(referenceQuote) ?? "null" }
        func n(_ d: Double?) -> String { d.map { JSONText.number($0) } ?? "null" }
        let o = op.observation
        var value = "{\"status\":\(q(o?.status)),\"state\":\(q(o?.state?.rawValue)),\"progress\":\(n(o?.progress)),"
        value += "\"cancel_requested_at\":\(q(o?.cancelRequestedAt)),\"charged\":\(n(o?.charged)),\"refunded\":\(n(o?.refunded)),"
        value += "\"usage\":\(n(o?.usage)),\"returned_id\":\(q(op.returnedId))}"
        var line = "{\"run_id\":\(q(runId)),\"job\":\(job),\"job_id\":\(q(jobId)),\"job_end\":\(q(end.rawValue)),\"seq\":\(op.seq),"
        line += "\"f\":\(q(op.kind.rawValue)),\"id_use\":\(q(op.idUse.rawValue)),\"requested_id\":\(q(op.requestedId)),"
        line += "\"key\":\(q(op.idempotencyKey)),\"payload\":\(op.payload),"
        line += "\"invoke_ns\":\(op.invoke.nanoseconds),\"complete_ns\":\(op.complete.nanoseconds),\"type\":\(q(op.outcome.rawValue)),"
        line += "\"status\":\(op.httpStatus),\"error\":\(q(op.transportError)),\"body_hash\":\"\(String(op.bodyHash, radix: 16))\","
        line += "\"error_body\":\(op.errorBody.map(JSONText.serialize) ?? "null"),\"value\":\(value)}"
        return line
    }

    @Test func jsonQuotingMatchesTheScalarQuoter() {
        for s in Self.hostile {
            #expect(JSONText.quote(s) == Self.referenceQuote(s), "\(s.debugDescription)")
            var out: [UInt8] = [0x41]
            JSONText.appendQuoted(s, to: &out)
            #expect(out == [0x41] + Array(Self.referenceQuote(s).utf8))
        }
        // Every byte value a control can take, alone and between text.
        for v in UInt32(0)..<0x80 {
            let s = "a" + String(Character(Unicode.Scalar(v)!)) + "b"
            #expect(JSONText.quote(s) == Self.referenceQuote(s), "U+\(String(v, radix: 16))")
        }
    }

    @Test(arguments: [
        // Zero, one digit, a carry, the extremes.
        Int64(0), 7, 10, 99, 100, -1, -10, 1_234_567_890_123, Int64.max, Int64.min,
    ])
    func decimalsAreWhatStringSpells(v: Int64) {
        var out: [UInt8] = []
        ByteText.appendDecimal(v, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(v))
        var buffer = ByteBuffer(capacity: 1)
        buffer.append("x")
        buffer.appendDecimal(v)
        #expect(String(decoding: buffer.array, as: UTF8.self) == "x" + String(v))
    }

    /// Every value below 10,000 and every power of ten and its neighbours, either sign: the pair table and the
    /// digit count at every length.
    @Test func decimalsAreWhatStringSpellsAtEveryLength() {
        var values: [Int64] = Array(0..<10_000)
        var p: Int64 = 1
        for _ in 0..<19 {
            values += [p - 1, p, p + 1]
            if p <= Int64.max / 10 { p *= 10 }
        }
        var buffer = ByteBuffer(capacity: 1)
        var expected = ""
        for v in values + values.map({ -$0 }) {
            buffer.appendDecimal(v)
            buffer.append(",")
            expected += String(v) + ","
        }
        #expect(String(decoding: buffer.array, as: UTF8.self) == expected)
    }

    @Test func aByteBufferWritesWhatTheArrayWritersWrite() {
        // Starts small and grows many times over: every hostile text quoted, numbers, hex, literals.
        var buffer = ByteBuffer(capacity: 1)
        var expected = ""
        for (n, s) in (Self.hostile + Self.hostile.map { String(repeating: $0, count: 40) }).enumerated() {
            buffer.appendJSONQuoted(s)
            buffer.appendJSONQuoted(n % 2 == 0 ? nil : s)
            buffer.appendJSONNumber(n % 3 == 0 ? nil : Double(n) / 4)
            buffer.appendHex(UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
            buffer.append(",")
            CSVWriter.appendField(s, to: &buffer)
            expected += Self.referenceQuote(s) + (n % 2 == 0 ? "null" : Self.referenceQuote(s))
                + (n % 3 == 0 ? "null" : JSONText.number(Double(n) / 4)) + String(UInt64(n) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
                + "," + Self.referenceCSV(s)
        }
        #expect(String(decoding: buffer.array, as: UTF8.self) == expected)
        buffer.removeAll()
        #expect(buffer.count == 0 && buffer.array.isEmpty)
    }

    @Test(arguments: [
        // No leading zeros; lower case; all sixteen digits.
        UInt64(0), 1, 0xf, 0x10, 0xabcdef, 0x0123_4567_89ab_cdef, UInt64.max, 0x8000_0000_0000_0000,
    ])
    func hexIsWhatStringSpells(v: UInt64) {
        var out: [UInt8] = []
        ByteText.appendHex(v, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(v, radix: 16))
    }

    @Test(arguments: [
        // Integral values print as integers; others as Swift's shortest form; non-finite as null.
        0.0, -0.0, 1, -3, 42.5, 0.1, 1e15, 1e14, -1e20, 1e-7, Double.nan, Double.infinity, 99.99999999,
    ])
    func numbersAreWhatNumberSpells(d: Double) {
        var out: [UInt8] = []
        JSONText.appendNumber(d, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == JSONText.number(d))
    }

    @Test func serializedValuesAreWhatSerializeSpells() {
        let value = JSONValue.object([
            (key: "error", value: .string("bad\n\"id\"\u{1}")), (key: "n", value: .number(3)), (key: "f", value: .number(0.25)),
            (key: "ok", value: .bool(false)), (key: "t", value: .bool(true)), (key: "none", value: .null),
            (key: "list", value: .array([.number(-1), .string("é😀"), .array([]), .object([])])),
            (key: "k\u{7F}\\", value: .object([(key: "", value: .string(""))])),
        ])
        var out: [UInt8] = []
        JSONText.appendSerialized(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == JSONText.serialize(value))
    }

    @Test func csvFieldsAreQuotedAsBefore() {
        for s in Self.hostile {
            var out: [UInt8] = []
            CSVWriter.append(s, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == Self.referenceCSV(s), "\(s.debugDescription)")
        }
    }

    func exchange(_ text: String, _ n: Int) -> ExchangeRecord {
        var r = ExchangeRecord(seq: n, job: n * 3, jobId: text, kind: .cancel, idUse: .unknown, cancelPoint: .racingCompletion,
                               method: "POST", path: "/v1/tasks/\(text)/cancel", intended: -5, started: Int64(n) * 1_000_000_007,
                               sent: Int64.max / 2, completed: Int64(n), httpStatus: 404, outcome: .fail, transportError: text,
                               bytesOut: 0, bytesIn: 123_456, newConnections: 1, apiStatus: text, state: "running")
        r.deliberateTimeout = n % 2 == 0
        return r
    }

    @Test func requestRowsAreTheFieldsJoinedAsBefore() {
        for (n, s) in Self.hostile.enumerated() {
            let record = exchange(s, n)
            for runId in ["20261202-104550-4897cb", "run,with\"quotes"] {
                var out = ByteBuffer(capacity: 8)
                record.appendRow(runIdField: CSVWriter.field(runId), to: &out)
                let expected = record.row(runId: runId).map(Self.referenceCSV).joined(separator: ",")
                #expect(String(decoding: out.array, as: UTF8.self) == expected, "\(s.debugDescription)")
            }
        }
    }

    @Test func jobRowsAreTheFieldsJoinedAsBefore() {
        for (n, s) in Self.hostile.enumerated() {
            let record = JobRecord(job: n, jobId: s, plan: JobPlan(index: n, point: .duplicate), stateAtCancel: s, cancels: n,
                                   finalStatus: s, finalState: "cancelled", end: .timedOut, exchanges: n + 1, started: -1, ended: Int64(n) << 40,
                                   violations: Array([Invariant.terminalStaysTerminal, .noDoubleRefund, .recovery].prefix(n % 4)))
            var out = ByteBuffer(capacity: 8)
            record.appendRow(runIdField: CSVWriter.field("r"), to: &out)
            #expect(String(decoding: out.array, as: UTF8.self) == record.row(runId: "r").map(Self.referenceCSV).joined(separator: ","))
        }
    }

    func operation(_ text: String, _ n: Int) -> LoadModel.Operation {
        var op = LoadModel.Operation(seq: n, kind: [.submit, .status, .cancel][n % 3], idUse: [.job, .unknown, .missing, .noToken, .unpaid][n % 5],
                           requestedId: text, invoke: Instant(nanoseconds: Int64(n) * 1_000_003), complete: Instant(nanoseconds: -Int64(n)),
                           httpStatus: [0, 200, 404, 503][n % 4], transportError: n % 2 == 0 ? nil : text)
        if n % 3 != 0 {
            op.observation = Observation(status: text, state: n % 2 == 0 ? .running : nil, progress: n % 4 == 0 ? nil : Double(n) / 3,
                                         cancelRequestedAt: n % 5 == 0 ? nil : text, charged: Double(n), refunded: n % 2 == 0 ? 0.5 : nil,
                                         usage: n % 7 == 0 ? .infinity : Double(n) * 1e15)
        }
        if n % 4 == 2 { op.errorBody = .object([(key: text, value: .array([.string(text), .number(Double(n)), .null]))]) }
        op.idempotencyKey = n % 3 == 1 ? "cb-\(text)-k1" : nil
        op.payload = n % 2 + 1
        op.bodyHash = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        op.returnedId = n % 2 == 0 ? text : nil
        op.request = "GET /x"
        return op
    }

    @Test func historyLinesAreWhatTheStringCodeWrote() {
        let operations = Self.hostile.enumerated().map { operation($1, $0) }
        for (jobId, runId) in [(nil, "20261202-104550-4897cb"), ("j\"\u{1}é", "r\n1")] as [(String?, String)] {
            for end in [JobEnd.terminal, .timedOut] {
                // A small buffer, so the lines also test its growth.
                var out = ByteBuffer(capacity: 8)
                HistoryLine.append(operations, job: 17, jobId: jobId, end: end, runId: runId, to: &out)
                let expected = operations.map { Self.referenceLine($0, job: 17, jobId: jobId, end: end, runId: runId) + "\n" }.joined()
                #expect(String(decoding: out.array, as: UTF8.self) == expected)
                // Each line parses as JSON, and the checker's reader gets the operation back.
                for line in String(decoding: out.array, as: UTF8.self).split(separator: "\n") {
                    #expect(throws: Never.self) { try JSONParser.parse(Array(line.utf8)) }
                }
            }
        }
    }

    @Test func aChunkedParseReadsWhatAByteParseReads() {
        let text = "a,b,c\n\"x,\"\"y\"\"\",\"two\nlines\",plain\r\n\n,,\n\"\",\"a\"\"\",é😀\n\"q\"x,y\"z,\"\n\n\"\r\n\",1,2\nlast,no,break"
        let bytes = Array(text.utf8)
        var reference: [([String], Int)] = []
        var byByte = CSVRowParser()
        for b in bytes { if let row = byByte.feed(b) { reference.append(((0..<row.count).map { row.string($0) }, row.line)) } }
        if let row = byByte.finish() { reference.append(((0..<row.count).map { row.string($0) }, row.line)) }
        for chunk in 1...bytes.count {
            var parser = CSVRowParser()
            var got: [([String], Int)] = []
            var start = 0
            while start < bytes.count {
                let piece = Array(bytes[start..<min(bytes.count, start + chunk)])
                piece.withUnsafeBufferPointer { raw in
                    var i = 0
                    while let row = parser.next(raw, from: &i) { got.append(((0..<row.count).map { row.string($0) }, row.line)) }
                }
                start += chunk
            }
            if let row = parser.finish() { got.append(((0..<row.count).map { row.string($0) }, row.line)) }
            #expect(got.map(\.0) == reference.map(\.0), "chunk \(chunk)")
            #expect(got.map(\.1) == reference.map(\.1), "chunk \(chunk)")
        }
    }
}
