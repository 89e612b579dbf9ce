import CEpoll
import Glibc
import Synchronization

/// One epoll event loop on its own thread, owning one listener, its connections and their timers.
///
/// Level-triggered epoll; one `recv` per readiness event into a loop-wide buffer, then every complete
/// request is answered and the batch goes out in one `send`.
// @unchecked Sendable: every mutable property is used only on the loop thread inside `run()`. Other threads
// only call `requestStop()` (an atomic flag plus an eventfd write) and read `counters` (atomics).
final class EventLoop: @unchecked Sendable {
    static let listenerToken = UInt64.max
    static let wakeToken = UInt64.max - 1
    /// Bytes read per `recv`.
    static let readBufferSize = 64 * 1024
    /// Events taken per `epoll_wait`.
    static let maxEvents: Int32 = 256
    /// How long a closing connection's unread input is drained before the close, in nanoseconds.
    static let lingerNanoseconds: Int64 = 2_000_000_000
    /// Output beyond this many bytes stops reading from the peer until it drains (back-pressure).
    static let outputHighWater = 256 * 1024

    let handler: HTTPHandler
    let counters = LoopCounters()
    /// Timeouts and the server-wide connection cap.
    let limits: LoopLimits
    let sweepInterval: Int64
    private let stopFlag = Atomic<Bool>(false)
    let listenFD: Int32
    let epollFD: Int32
    private let wakeFD: Int32
    /// A spare descriptor released on EMFILE so one pending connection can be accepted and shed.
    var spareFD: Int32
    var listenerPaused = false
    var loggedExhaustion = false
    var loggedCap = false
    var connections: [Int32: Connection] = [:]
    var timers = TimerHeap()
    var generation: UInt32 = 0
    /// The loop's clock reading, refreshed after each `epoll_wait`, in monotonic nanoseconds.
    var now: Int64 = MonotonicTime.now()
    private var nextSweep: Int64 = 0
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: EventLoop.readBufferSize, alignment: 16)
    private let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(EventLoop.maxEvents))
    private var tornDown = false

    /// Builds a loop around `listenFD`, which it owns from now on, even when this throws.
    static func make(listenFD: Int32, limits: LoopLimits, handler: @escaping HTTPHandler)
        throws(HTTPServerError) -> EventLoop {
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        let wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        var failure: HTTPServerError?
        if epollFD < 0 || wakeFD < 0 {
            failure = .last(epollFD < 0 ? "epoll_create1" : "eventfd")
        } else if !Socket.epollControl(epollFD, EPOLL_CTL_ADD, listenFD, events: epollIn, token: listenerToken)
                    || !Socket.epollControl(epollFD, EPOLL_CTL_ADD, wakeFD, events: epollIn, token: wakeToken) {
            failure = .last("epoll_ctl")
        }
        if let failure {
            for fd in [listenFD, epollFD, wakeFD] where fd >= 0 { Glibc.close(fd) }
            throw failure
        }
        return EventLoop(listenFD: listenFD, epollFD: epollFD, wakeFD: wakeFD, limits: limits, handler: handler)
    }

    private init(listenFD: Int32, epollFD: Int32, wakeFD: Int32, limits: LoopLimits, handler: @escaping HTTPHandler) {
        self.listenFD = listenFD
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.handler = handler
        self.limits = limits
        self.sweepInterval = limits.sweepInterval
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    deinit {
        teardown()
        // Closed only here, not in teardown: `requestStop()` may still write to it after the loop ended.
        Glibc.close(wakeFD)
        readBuffer.deallocate()
        events.deallocate()
    }

    static let epollIn = EPOLLIN.rawValue
    static let epollOut = EPOLLOUT.rawValue
    static let epollErrorOrHangUp = EPOLLERR.rawValue | EPOLLHUP.rawValue

    /// Asks the loop to close everything and return from `run()`; callable from any thread.
    func requestStop() {
        stopFlag.store(true, ordering: .releasing)
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// The loop body: runs on the loop's own thread until `requestStop()`.
    func run() {
        now = MonotonicTime.now()
        nextSweep = now + sweepInterval
        while !stopFlag.load(ordering: .acquiring) {
            let n = epoll_wait(epollFD, events, Self.maxEvents, waitTimeout())
            now = MonotonicTime.now()
            if n < 0 {
                if errno == EINTR { continue }
                log("epoll_wait failed: errno \(errno); loop stops")
                break
            }
            for i in 0..<Int(n) {
                let token = events[i].data.u64
                let flags = events[i].events
                switch token {
                case Self.listenerToken: acceptAll()
                case Self.wakeToken: drainWake()
                default: handleEvent(token: token, flags: flags)
                }
            }
            fireTimers()
            if now >= nextSweep {
                nextSweep = now + sweepInterval
                sweep()
            }
        }
        teardown()
    }

    /// Milliseconds `epoll_wait` may sleep: until the next timer or timeout sweep, rounded up so it never spins.
    private func waitTimeout() -> Int32 {
        var next = nextSweep
        if let deadline = timers.nextDeadline, deadline < next { next = deadline }
        let delta = next - MonotonicTime.now()
        return delta <= 0 ? 0 : Int32(min((delta + 999_999) / 1_000_000, 60_000))
    }

    private func drainWake() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
    }

    /// Closes every connection and descriptor except the wake eventfd; safe to call twice.
    private func teardown() {
        guard !tornDown else { return }
        tornDown = true
        for connection in Array(connections.values) { close(connection) }
        for fd in [listenFD, epollFD, spareFD] where fd >= 0 { Glibc.close(fd) }
    }

    /// Writes one line to standard error without touching the non-Sendable `stderr` global.
    func log(_ message: String) {
        var line = "HTTPServer: " + message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
