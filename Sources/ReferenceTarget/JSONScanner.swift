/// A strict RFC 8259 validator that also reports the members of a top-level object.
///
/// Request bodies are small and not on the read path, but their `input` and `metadata` objects are echoed
/// back verbatim inside every task object, so they must be valid JSON; this scanner checks that without
/// Foundation and never traps on malformed input (nesting is bounded so recursion cannot overflow the stack).
struct JSONScanner {
    /// The kind of a JSON value.
    enum Kind: Equatable { case object, array, string, number, bool, null }

    /// One member of an object: its decoded key, its kind, where its raw text lies, and its decoded
    /// value when it is a string.
    struct Member {
        var key: String
        var kind: Kind
        var range: Range<Int>
        var string: String?
    }

    /// Deepest nesting accepted; deeper documents are rejected rather than risking the stack.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The members of `bytes` when it is one valid JSON object (surrounding whitespace allowed), else nil.
    static func objectMembers(_ bytes: [UInt8]) -> [Member]? {
        // Validating UTF-8 once up front means raw slices can be echoed and decoded safely.
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else { return nil }
        var members: [Member] = []
        guard scanner.value(depth: 0, collecting: &members) == .object else { return nil }
        scanner.skipWhitespace()
        return scanner.index == bytes.count ? members : nil
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
    }

    /// Scans one value; at depth 0 an object's members are appended to `collecting`. Nil when invalid.
    private mutating func value(depth: Int, collecting: inout [Member]) -> Kind? {
        guard depth <= JSONScanner.maximumDepth else { return nil }
        skipWhitespace()
        guard let first = peek else { return nil }
        switch first {
        case UInt8(ascii: "{"): return object(depth: depth, collecting: &collecting) ? .object : nil
        case UInt8(ascii: "["): return array(depth: depth) ? .array : nil
        case UInt8(ascii: "\""): return string() != nil ? .string : nil
        case UInt8(ascii: "t"): return literal("true") ? .bool : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        default: return number() ? .number : nil
        }
    }

    private mutating func object(depth: Int, collecting: inout [Member]) -> Bool {
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") { index += 1; return true }
        var ignored: [Member] = []
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\""), let key = string() else { return false }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return false }
            index += 1
            skipWhitespace()
            let start = index
            let isString = peek == UInt8(ascii: "\"")
            var text: String?
            let kind: Kind?
            if isString { text = string(); kind = text == nil ? nil : .string } else {
                kind = value(depth: depth + 1, collecting: &ignored)
            }
            guard let kind else { return false }
            if depth == 0 { collecting.append(Member(key: key, kind: kind, range: start..<index, string: text)) }
            skipWhitespace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            if peek == UInt8(ascii: "}") { index += 1; return true }
            return false
        }
    }

    private mutating func array(depth: Int) -> Bool {
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") { index += 1; return true }
        var ignored: [Member] = []
        while true {
            guard value(depth: depth + 1, collecting: &ignored) != nil else { return false }
            skipWhitespace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            if peek == UInt8(ascii: "]") { index += 1; return true }
            return false
        }
    }

    /// Scans a string starting at its opening quote and returns it decoded, or nil when invalid.
    private mutating func string() -> String? {
        index += 1
        var decoded: [UInt8] = []
        while let b = peek {
            index += 1
            switch b {
            case UInt8(ascii: "\""): return String(decoding: decoded, as: UTF8.self)
            case 0..<0x20: return nil  // Raw control characters must be escaped.
            case UInt8(ascii: "\\"):
                guard let e = peek else { return nil }
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(e)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalar = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit), peek == UInt8(ascii: "\\"),
                       index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        } else { index = save }
                    }
                    // A lone surrogate is legal JSON text; it decodes to U+FFFD.
                    decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: return nil
                }
            default: decoded.append(b)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { $0.elementsEqual(bytes[index..<index + count]) }
        if matches { index += count }
        return matches
    }

    /// Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() -> Bool {
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let lead = peek, isDigit(lead) else { return false }
        index += 1
        if lead != UInt8(ascii: "0") { while let b = peek, isDigit(b) { index += 1 } }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let b = peek, isDigit(b) else { return false }
            while let b = peek, isDigit(b) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let b = peek, isDigit(b) else { return false }
            while let b = peek, isDigit(b) { index += 1 }
        }
        return true
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
