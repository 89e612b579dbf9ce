/// Parses byte sizes: `4MB` and `4MiB` are 4 × 1,048,576 bytes (as curl and wrk count), `512KB`, or plain bytes.
public enum ByteSize {
    public static func parse(_ text: String) -> Int? {
        let upper = text.uppercased()
        for (suffix, scale) in [("GIB", 1 << 30), ("MIB", 1 << 20), ("KIB", 1 << 10), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
            where upper.hasSuffix(suffix) {
            guard let n = Double(upper.dropLast(suffix.count)), n >= 0, n * Double(scale) < 9e18 else { return nil }
            return Int(n * Double(scale))
        }
        return Int(text.filter { $0 != "_" })
    }

    /// `4MB`, `512KB` or `100B`.
    public static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20)MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10)KB" }
        return "\(bytes)B"
    }
}
