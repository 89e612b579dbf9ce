/// Why a target's process could not be set up, started or made ready: a short sentence for the user, with the
/// exit status and the last lines of the target's log when it ended before it was ready.
public struct TargetProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}
