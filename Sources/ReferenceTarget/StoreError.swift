import Foundation

/// Why a store (`serve --store FILE`) cannot be opened or replayed.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not a store this target can replay: a line in the middle that is not a record, a record that
    /// contradicts an earlier one, or a store of another contract. `line` counts from 1; `path` is a JSON path
    /// inside that line (`$.seq`), or `$` for the whole line. A data error: exit 65.
    case badData(file: String, line: Int, path: String, message: String)
    /// The file cannot be created, locked, read or cut back (`errno` when the system gave one). Exit 3.
    case io(file: String, doing: String, errno: Int32?)

    /// `FILE: line N: $.key: message`, or `FILE: what failed: the system's reason`.
    public var description: String {
        switch self {
        case .badData(let file, let line, let path, let message):
            return "\(file): line \(line): \(path == "$" ? "" : path + ": ")\(message)"
        case .io(let file, let doing, let code):
            return "\(file): \(doing)" + (code.map { ": " + String(cString: strerror($0)) } ?? "")
        }
    }
}
