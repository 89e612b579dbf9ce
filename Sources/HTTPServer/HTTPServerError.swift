#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call that failed while starting the server.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failing call, for example `bind`.
    public var operation: String
    /// The `errno` it left.
    public var code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The failing call with the current `errno`.
    static func last(_ operation: String) -> HTTPServerError { HTTPServerError(operation: operation, code: errno) }

    public var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }
}
