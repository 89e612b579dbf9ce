import Foundation

/// Reading a store line back: the inverse of `StoreRecord.line`, with errors that say where and what was expected.
extension StoreRecord {
    /// What is wrong with one line: a JSON path inside it (`$.seq`) and what was expected there.
    struct LineError: Error, Equatable {
        var path: String
        var message: String
    }

    /// Decodes one line (without its `\n`).
    init(line: some Collection<UInt8>) throws(LineError) {
        do {
            self = try JSONDecoder().decode(StoreRecord.self, from: Data(line))
        } catch let error as LineError {
            throw error
        } catch let error as DecodingError {
            throw LineError(error)
        } catch {
            throw LineError(path: "$", message: "\(error)")
        }
    }
}

extension StoreRecord: Decodable {
    private enum Keys: String, CodingKey {
        case t, format, dialect, idSeed = "id_seed", seq
        case createdUnixNs = "created_unix_ns", startUnixNs = "start_unix_ns", runNs = "run_ns", stopNs = "stop_ns"
        case outcome, document, request
        case endUnixNs = "end_unix_ns", cancelRequestedUnixNs = "cancel_requested_unix_ns"
        case extraRefunds = "extra_refunds", revertMs = "revert_ms"
        case reportedEndUnixNs = "reported_end_unix_ns", dismissedUnixNs = "dismissed_unix_ns"
        case scope, key, fingerprint, status, body, bodyBase64 = "body_base64"
    }

    private enum RequestKeys: String, CodingKey {
        case capability, model, metadata, input, callbackURL = "callback_url"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let kind = try c.decode(String.self, forKey: .t)
        func outcome() throws -> JobOutcome {
            let name = try c.decode(String.self, forKey: .outcome)
            guard let outcome = JobOutcome(storeName: name) else {
                throw LineError(path: "$.outcome", message: "expected succeeded, failed, moderated or cancelled, found \"\(name)\"")
            }
            return outcome
        }
        switch kind {
        case StoreRecord.headerKind:
            let format = try c.decode(Int.self, forKey: .format)
            guard format == StoreRecord.format else {
                throw LineError(path: "$.format", message: "expected format \(StoreRecord.format), found \(format) (written by another version)")
            }
            let name = try c.decode(String.self, forKey: .dialect)
            guard let dialect = Dialect(rawValue: name) else {
                throw LineError(path: "$.dialect", message: "expected pika, beatra, praison or ogc-processes, found \"\(name)\"")
            }
            self = .header(Header(dialect: dialect, idSeed: try c.decode(UInt64.self, forKey: .idSeed)))
        case "job":
            var request: Request?
            if c.contains(.request) {
                let r = try c.nestedContainer(keyedBy: RequestKeys.self, forKey: .request)
                request = Request(capability: try r.decode(String.self, forKey: .capability),
                                  model: try r.decode(String.self, forKey: .model),
                                  metadata: try r.decode(String.self, forKey: .metadata),
                                  input: try r.decode(String.self, forKey: .input),
                                  callbackURL: try r.decodeIfPresent(String.self, forKey: .callbackURL))
            }
            self = .job(Job(sequence: try c.decode(UInt64.self, forKey: .seq),
                            createdUnixNs: try c.decode(Int64.self, forKey: .createdUnixNs),
                            startUnixNs: try c.decode(Int64.self, forKey: .startUnixNs),
                            runNs: try c.decode(Int64.self, forKey: .runNs),
                            stopNs: try c.decode(Int64.self, forKey: .stopNs),
                            outcome: try outcome(),
                            document: try c.decodeIfPresent(Bool.self, forKey: .document) ?? false,
                            request: request))
        case "state":
            self = .state(State(sequence: try c.decode(UInt64.self, forKey: .seq),
                                endUnixNs: try c.decodeIfPresent(Int64.self, forKey: .endUnixNs),
                                cancelRequestedUnixNs: try c.decodeIfPresent(Int64.self, forKey: .cancelRequestedUnixNs),
                                outcome: try outcome(),
                                extraRefunds: try c.decodeIfPresent(UInt8.self, forKey: .extraRefunds) ?? 0,
                                revertMs: try c.decodeIfPresent(UInt8.self, forKey: .revertMs) ?? 0,
                                reportedEndUnixNs: try c.decodeIfPresent(Int64.self, forKey: .reportedEndUnixNs),
                                dismissedUnixNs: try c.decodeIfPresent(Int64.self, forKey: .dismissedUnixNs)))
        case "key":
            let hex = try c.decode(String.self, forKey: .fingerprint)
            guard let fingerprint = IdempotencyStore.Fingerprint(hex: hex) else {
                throw LineError(path: "$.fingerprint", message: "expected 32 lowercase hex digits, found \"\(hex)\"")
            }
            let body: [UInt8]
            if let text = try c.decodeIfPresent(String.self, forKey: .body) {
                body = Array(text.utf8)
            } else {
                let encoded = try c.decode(String.self, forKey: .bodyBase64)
                guard let data = Data(base64Encoded: encoded) else {
                    throw LineError(path: "$.body_base64", message: "expected base64 text")
                }
                body = Array(data)
            }
            self = .key(Key(scope: try c.decode(String.self, forKey: .scope), key: try c.decode(String.self, forKey: .key),
                            fingerprint: fingerprint, status: try c.decode(Int.self, forKey: .status), body: body))
        default:
            throw LineError(path: "$.t", message: "expected \"job\", \"state\" or \"key\", found \"\(kind)\"")
        }
    }
}

extension StoreRecord.LineError {
    /// The decoder's error in the store's terms: a path from `$` and what was expected.
    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("$") { $0 + ($1.intValue.map { "[\($0)]" } ?? ".\($1.stringValue)") }
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(path: path(context.codingPath + [key]), message: "missing; expected a value")
        case .typeMismatch(let type, let context):
            self.init(path: path(context.codingPath), message: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(path: path(context.codingPath), message: "expected \(Self.describe(type)), found null")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self.init(path: "$", message: "expected one JSON object on the line, found text that is not JSON")
        case .dataCorrupted(let context):
            self.init(path: path(context.codingPath), message: "expected \(context.debugDescription)")
        @unknown default:
            self.init(path: "$", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is UInt64.Type, is UInt8.Type: return "a whole number ≥ 0"
        case is Int64.Type, is Int.Type: return "a whole number"
        default: return "a JSON object"
        }
    }
}
