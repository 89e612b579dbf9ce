/// Parses a share written as a percentage or a fraction: `5%` or `0.05`.
public enum ShareText {
    /// The share `text` says (`5%` → 0.05), or nil when it is not a finite number; the caller checks the range.
    public static func parse(_ text: String) -> Double? {
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        return value.flatMap { $0.isFinite ? $0 : nil }
    }
}
