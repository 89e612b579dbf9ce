import Foundation
import Testing
@testable import ReferenceTarget

/// Reading a store file back: records round-trip, a torn last line is dropped and cut, and anything else that is
/// not a record refuses with the file, the line and what was expected.
@Suite struct StoreReplayTests {
    /// A pika store with three lines (header, two jobs), written by a real target and closed.
    private func twoJobStore() throws -> (path: String, content: [UInt8]) {
        let path = temporaryStorePath()
        let f = try Fixture(.pika, storeFile: path)
        _ = f.call("POST", "/v1/pika/create", body: "{}")
        _ = f.call("POST", "/v1/pika/create", body: "{}")
        f.target.shutdown()
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test(arguments: [
        // The header, with the largest id key.
        StoreRecord.header(.init(dialect: .ogcProcesses, idSeed: .max)),
        // A job with every optional part, and strings that need escaping.
        .job(.init(sequence: 1 << 40, createdUnixNs: 1_795_499_701_123_456_789, startUnixNs: 1_795_499_701_223_456_789,
                   runNs: 1_000_000_000, stopNs: 0, outcome: .moderated, document: true,
                   request: .init(capability: "a\"b", model: "é\n", metadata: #"{"k":"v"}"#, input: "{}",
                                  callbackURL: "http://127.0.0.1:9/cb"))),
        // A plain job: no request, no document.
        .job(.init(sequence: 2, createdUnixNs: -5, startUnixNs: 0, runNs: 1, stopNs: 2, outcome: .succeeded)),
        // A state with every fault-only field and "never ends" (no end).
        .state(.init(sequence: 3, endUnixNs: nil, cancelRequestedUnixNs: 7, outcome: .cancelled, extraRefunds: 255,
                     revertMs: 60, reportedEndUnixNs: 9, dismissedUnixNs: 10)),
        // A state with only a cancel.
        .state(.init(sequence: 3, endUnixNs: 8, cancelRequestedUnixNs: 7, outcome: .cancelled)),
        // A key whose body is UTF-8 JSON.
        .key(.init(scope: "s", key: "k \u{1}", fingerprint: .init(method: "POST", path: "/v1/tasks", body: [1]),
                   status: 202, body: Array(#"{"task_id":"task_1"}"#.utf8))),
        // A key whose body is not UTF-8: written as base64.
        .key(.init(scope: "s", key: "k", fingerprint: .init(method: "POST", path: "/", body: []), status: 500,
                   body: [0xFF, 0x00, 0x80, 0x41])),
    ])
    func recordsRoundTripThroughOneLine(record: StoreRecord) throws {
        let line = record.line
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
        #expect(line.starts(with: Array(#"{"t":""#.utf8)))
        #expect(try StoreRecord(line: line.dropLast()) == record)
    }

    /// A line without its newline is a record a crash cut short: dropped, the file cut back to its last whole
    /// record, and the jobs before it kept. The torn job's sequence number is free again (it was never answered).
    @Test(arguments: [
        Array(#"{"t":"job","seq":3,"crea"#.utf8),  // a record cut mid-way
        Array(#"{"#.utf8),  // its first byte only
        [UInt8](repeating: 0, count: 512),  // the zeros a file system can leave past a torn write
    ])
    func tornLastLineIsDroppedAndCut(tail: [UInt8]) throws {
        let (path, content) = try twoJobStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(tail))
        try handle.close()

        let f = try Fixture(.pika, storeFile: path)
        let replay = try #require(f.target.storeReplay)
        #expect(replay.tornBytes == tail.count)
        #expect(replay.tornLine == 4)
        #expect(replay.jobs == 2)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == content.count)
        let next = f.call("POST", "/v1/pika/create", body: "{}").string("jobid") ?? ""
        #expect(next.hasPrefix("j00000003"))
    }

    /// A bad line before the last refuses the whole file: the error names the file, the line and what was expected
    /// there, and the file is left as it was.
    @Test(arguments: [
        ("garbage", "$", "expected one JSON object on the line"),  // not JSON
        (#"{"t":"job","seq":"one"}"#, "$.seq", "expected a whole number ≥ 0"),  // a field of the wrong type
        (#"{"t":"job","seq":5,"created_unix_ns":1,"start_unix_ns":1,"run_ns":1,"stop_ns":1}"#, "$.outcome", "missing"),
        (#"{"t":"nope"}"#, "$.t", #"expected "job", "state" or "key""#),  // an unknown kind
        (#"{"t":"state","seq":99,"outcome":"cancelled"}"#, "$.seq", "a job recorded earlier"),  // no such job yet
        ("", "$", "expected one JSON object on the line"),  // an empty line
    ])
    func corruptMiddleLineNamesFileAndLine(line: String, path: String, expected: String) throws {
        let (file, content) = try twoJobStore()
        defer { try? FileManager.default.removeItem(atPath: file) }
        var lines = String(decoding: content, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines[1] = Substring(line)
        let corrupt = lines.joined(separator: "\n")
        try corrupt.write(toFile: file, atomically: false, encoding: .utf8)

        do throws(StoreError) {
            _ = try Fixture(.pika, storeFile: file)
            Issue.record("a corrupt store was replayed")
        } catch .badData(let named, let number, let where_, let message) {
            #expect(named == file)
            #expect(number == 2)
            #expect(where_ == path)
            #expect(message.contains(expected), "\(message)")
            let description = StoreError.badData(file: named, line: number, path: where_, message: message).description
            #expect(description.hasPrefix("\(file): line 2: "))
        } catch {
            Issue.record("expected bad data, got \(error)")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == corrupt)
    }

    /// A store of another contract, or a file that is not a store at all, refuses on line 1 and is not touched,
    /// not even cut when it does not end with a newline.
    @Test(arguments: [
        (Dialect.beatra, nil as String?, "$.dialect"),  // written by serve --profile pika
        (Dialect.pika, "hello\nworld\n", "$"),  // some other text file
        (Dialect.pika, #"{"t":"job","seq":1}"# + "\n", "$"),  // records without a header
        (Dialect.pika, "#!/bin/sh", "$"),  // a file without a newline that is not a record cut short
    ])
    func foreignFileIsRefusedOnLineOne(dialect: Dialect, text: String?, path: String) throws {
        let (file, content) = try twoJobStore()
        defer { try? FileManager.default.removeItem(atPath: file) }
        if let text { try text.write(toFile: file, atomically: false, encoding: .utf8) }
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(text != nil || Array(before) == content)
        do throws(StoreError) {
            _ = try Fixture(dialect, storeFile: file)
            Issue.record("a foreign file was replayed")
        } catch .badData(_, let line, let where_, _) {
            #expect(line == 1)
            #expect(where_ == path)
        } catch {
            Issue.record("expected bad data, got \(error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
    }

    /// A store whose directory does not exist cannot be created: an I/O error naming the file and the reason.
    @Test func missingDirectoryIsAnIOError() {
        let path = temporaryStorePath() + ".d/store.log"
        do throws(StoreError) {
            _ = try Fixture(.pika, storeFile: path)
            Issue.record("a store was created in a missing directory")
        } catch .io(let file, _, let code) {
            #expect(file == path)
            #expect(code == ENOENT)
        } catch {
            Issue.record("expected an I/O error, got \(error)")
        }
    }
}
