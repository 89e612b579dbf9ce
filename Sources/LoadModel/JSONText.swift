/// Writes JSON text: string escaping and a compact serializer for `JSONValue`.
public enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A number without a trailing `.0` when it is integral.
    public static func number(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return d.isFinite ? String(d) : "null"
    }

    /// Compact JSON text of a value.
    public static func serialize(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return number(d)
        case .string(let s): return quote(s)
        case .array(let a): return "[" + a.map(serialize).joined(separator: ",") + "]"
        case .object(let m): return "{" + m.map { quote($0.key) + ":" + serialize($0.value) }.joined(separator: ",") + "}"
        }
    }
}
