import CEpoll
import Glibc

/// A joinable POSIX thread running one closure; Foundation's Thread cannot be joined.
final class LoopThread: Sendable {
    /// Carries the closure through pthread_create's untyped argument.
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private let thread: pthread_t

    /// Starts a thread named `name` (at most 15 bytes on Linux) running `body`.
    init(name: String, body: @escaping @Sendable () -> Void) throws(HTTPServerError) {
        let argument = Unmanaged.passRetained(Box {
            _ = pthread_setname_np(pthread_self(), name)
            body()
        }).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, argument)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(argument).release()
            throw HTTPServerError(operation: "pthread_create", code: rc)
        }
        self.thread = thread
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Waits for the thread to finish; call once.
    func join() {
        pthread_join(thread, nil)
    }
}
