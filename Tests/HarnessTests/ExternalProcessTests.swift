#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Harness

/// `--target-pid`: which pids cancelbench refuses to pause (pausing one is in `ChildProcessesTests`).
struct ExternalProcessTests {
    @Test(arguments: [
        Int32(0),  // every process in our group
        1,  // init
        -1,  // every process we may signal
        Int32.max,  // no such process
    ])
    func externalProcessRefusesPidsItMustNotPause(pid: Int32) {
        #expect(throws: TargetProcessError.self) { try ExternalProcess(pid: pid) }
    }

    @Test func externalProcessRefusesItself() {
        #expect(throws: TargetProcessError.self) { try ExternalProcess(pid: getpid()) }
    }
}
