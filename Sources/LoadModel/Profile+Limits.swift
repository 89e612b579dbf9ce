/// The checks a profile's bytes pass before any of its values is read: size, encoding and unambiguous keys.
extension Profile {
    /// Largest profile accepted, in bytes (1 MiB). The shipped ones are under 3 KB; a limit keeps a hostile or
    /// mistaken file (a log, a disk image) from costing a gigabyte of memory as a parsed tree.
    public static let maxBytes = 1 << 20

    /// The size limit as a message ends it: `a profile may be at most 1048576 bytes (1 MiB)`.
    public static var sizeLimitText: String { "a profile may be at most \(maxBytes) bytes (\(maxBytes >> 20) MiB)" }

    /// Refuses bytes that are too many or not UTF-8; run before parsing, so neither costs a parse.
    static func checkText(_ bytes: [UInt8]) throws(DataError) {
        if bytes.count > maxBytes {
            throw DataError(path: "$", message: "the profile is \(bytes.count) bytes; \(sizeLimitText)")
        }
        // The parser would decode a bad sequence to U+FFFD and carry on, so a name could silently differ from
        // what the file says; refusing is the only answer that cannot be misread.
        if let offset = UTF8Text.firstInvalidOffset(bytes) {
            let (line, column) = UTF8Text.position(of: offset, in: bytes)
            throw DataError(path: "$", message: "invalid UTF-8 at byte offset \(offset) (line \(line), column \(column)); a profile must be UTF-8 text")
        }
    }

    /// Refuses a document where an object repeats a key, naming where the repeat is.
    static func checkKeys(_ document: JSONValue) throws(DataError) {
        if let duplicate = document.firstDuplicateKey() {
            throw DataError(path: duplicate.path, message: "duplicate key \(DisplayText.quoted(duplicate.key)); each key may appear once in an object")
        }
    }
}
