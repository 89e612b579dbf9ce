/// JSONPath-style locations for messages: `$.submit.headers.Idempotency-Key`, `$.states["in progress"]`, `$.x[2]`.
public enum JSONPath {
    /// The location of member `key` of the object at `base`; keys other than plain names are quoted in brackets,
    /// so a key holding a dot, a quote or a line feed can neither mislead nor reach the terminal raw.
    public static func member(_ base: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
        return plain ? "\(base).\(key)" : "\(base)[\(DisplayText.quoted(key))]"
    }

    /// The location of element `index` of the array at `base`.
    public static func element(_ base: String, _ index: Int) -> String { "\(base)[\(index)]" }
}
