// libFuzzer harness for the JSON parser that reads every server answer, checked against the reference target's
// independent scanner (scripts/fuzz json SECONDS). Compiled with Sources/LoadModel and
// Sources/ReferenceTarget/JSONScanner.swift into one module, never by SwiftPM.

/// The parser never traps, what it accepts round-trips through the serializer, and it agrees with the scanner
/// except where they differ by design (invalid UTF-8, nesting past 64, lone surrogate escapes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let parsed = try? JSONParser.parse(input)
    if let parsed, !hasNonFinite(parsed) {
        require((try? JSONParser.parse(JSONText.serialize(parsed))) == parsed, "round trip")
    }
    let scanned = JSONScanner.objectMembers(input)
    if let scanned {
        require(parsed != nil || hasSurrogateEscape(input), "the scanner alone accepts")
        if case .object(let members)? = parsed { require(scanned.map(\.key) == members.map(\.key), "keys") }
    } else if case .object? = parsed, UTF8Text.firstInvalidOffset(input) == nil, depth(parsed!) <= 60 {
        require(false, "the parser alone accepts")
    }
    return 0
}

func hasNonFinite(_ v: JSONValue) -> Bool {
    switch v {
    case .number(let d): return !d.isFinite
    case .array(let a): return a.contains(where: hasNonFinite)
    case .object(let m): return m.contains { hasNonFinite($0.value) }
    default: return false
    }
}

func depth(_ v: JSONValue) -> Int {
    switch v {
    case .array(let a): return 1 + (a.map(depth).max() ?? 0)
    case .object(let m): return 1 + (m.map { depth($0.value) }.max() ?? 0)
    default: return 0
    }
}

func hasSurrogateEscape(_ bytes: [UInt8]) -> Bool {
    let text = String(decoding: bytes, as: UTF8.self).lowercased()
    return ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"].contains { text.contains($0) }
}
