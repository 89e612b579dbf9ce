/// A command line that cancelbench cannot run: exit code 64, with a message naming the flag and the fix.
public struct UsageError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
