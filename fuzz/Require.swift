// Shared by every libFuzzer harness (scripts/fuzz compiles it with each).

/// Stops with `message` when an invariant fails. `precondition` would trap silently in the -O build the fuzzer
/// runs, leaving an input but not which invariant it broke; `fatalError` always prints its message.
func require(_ condition: Bool, _ message: @autoclosure () -> String = "invariant",
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
