import LoadModel

extension JobEnd {
    /// Every way a job ends, in the order tables list them.
    public static let allEnds: [JobEnd] = [.terminal, .gone, .submitFailed, .timedOut, .unsendable, .abandoned]
}

/// Pads columns to a common width: `left` columns flush left, the others (numbers) flush right.
public func align(_ rows: [[String]], left: Set<Int> = [0]) -> [String] {
    guard let width = rows.map(\.count).max() else { return [] }
    var widths = Array(repeating: 0, count: width)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    return rows.map { r in
        r.enumerated().map { i, c in
            let pad = String(repeating: " ", count: widths[i] - c.count)
            return left.contains(i) ? c + pad : pad + c
        }.joined(separator: "  ").trimmingTrailingSpaces()
    }
}

extension String {
    /// The string without trailing spaces (table rows).
    public func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (x * scale).rounded() / scale
    return digits == 0 ? String(Int64(v)) : String(v)
}

func percent(_ x: Double) -> String { fixed(x * 100, 2) + "%" }

/// A nanosecond latency for tables: `812µs`, `1.24ms`, `3.5s`.
public func ns(_ v: Int64) -> String {
    let d = Double(v)
    if v < 1_000 { return "\(v)ns" }
    if v < 1_000_000 { return sig3(d / 1e3) + "µs" }
    if v < 1_000_000_000 { return sig3(d / 1e6) + "ms" }
    return sig3(d / 1e9) + "s"
}

func sig3(_ x: Double) -> String {
    if x >= 100 { return String(Int(x.rounded())) }
    if x >= 10 { return String((x * 10).rounded() / 10) }
    return String((x * 100).rounded() / 100)
}
