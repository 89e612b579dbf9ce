import Foundation
import LoadModel

extension Summary {
    /// summary.json's bytes: keys sorted, so two runs' files compare line by line.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every member is a plain value (numbers are finite, strings are strings): encoding cannot fail.
        guard let data = try? encoder.encode(self) else { preconditionFailure("a Summary always encodes") }
        return Array(data) + [0x0A]
    }

    /// Reads a results folder's summary.json. A folder without one is a usage error; a file of another format,
    /// or one that does not decode, is a `DataError` naming the file, the JSON path and what was expected.
    public static func read(resultsDirectory dir: String) throws -> Summary {
        let path = dir + "/summary.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("'\(dir)' is not a results folder: no summary.json in it")
        }
        return try decode(Array(data), file: path)
    }

    /// Decodes summary.json's bytes; `file` names it in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws(DataError) -> Summary {
        try ResultsFormat.check(bytes, file: file)
        do {
            return try JSONDecoder().decode(Summary.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw DataError(file: file, path: error.jsonPath, message: error.reason)
        } catch {
            throw DataError(file: file, path: "$", message: "\(error)")
        }
    }
}

/// The format a results folder was written in: plan.json and summary.json carry `"format"`; a folder written
/// before plan.json existed has none (format 1, which recorded its plan as a command line).
public enum ResultsFormat {
    /// Refuses a JSON file whose `format` is not this build's, saying which it is.
    public static func check(_ bytes: [UInt8], file: String) throws(DataError) {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch {
            throw DataError(file: file, path: "line \(error.line)", message: "not valid JSON: column \(error.column): \(error.message)")
        }
        guard case .object = json else { throw DataError(file: file, path: "$", message: "expected a JSON object") }
        let found = json["format"]?.numericValue
        guard found == Double(Summary.currentFormat) else {
            let which = found.map { "format \(JSONText.number($0))" } ?? "format 1 (no \"format\" member: written by a cancelbench before results folders held plan.json)"
            throw DataError(file: file, path: "$.format",
                            message: "the results folder is \(which); this cancelbench reads format \(Summary.currentFormat). Run it again with this cancelbench, or read it with the version that wrote it")
        }
    }
}

extension DecodingError {
    /// Where in the JSON document the error is, `$.operations.cancel.count`.
    public var jsonPath: String {
        let path: [CodingKey]
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        @unknown default: path = []
        }
        return path.reduce("$") { p, key in key.intValue.map { "\(p)[\($0)]" } ?? "\(p).\(key.stringValue)" }
    }

    /// What was wrong, in words.
    public var reason: String {
        switch self {
        case .typeMismatch(let type, _): return "expected \(Self.name(type))"
        case .valueNotFound(let type, _): return "expected \(Self.name(type)), found null"
        case .keyNotFound: return "missing"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "\(self)"
        }
    }

    private static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt64.Type: return "a whole number"
        case is Double.Type: return "a number"
        default: return "a value of type \(type)"
        }
    }
}
