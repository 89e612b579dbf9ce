import Foundation

/// Run ids: `20261124-055501-7f3a2c`, sortable by time, unique enough for a results folder.
public enum RunID {
    /// A new run id from the current time (UTC) and 24 random bits.
    public static func make() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.timeZone = TimeZone(identifier: "UTC")
        let suffix = String(UInt32.random(in: 0..<UInt32.max) & 0xFFFFFF, radix: 16)
        return f.string(from: Date()) + "-" + String(repeating: "0", count: 6 - suffix.count) + suffix
    }
}
