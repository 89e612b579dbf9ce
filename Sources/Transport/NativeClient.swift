import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 client for plain `http://` targets on its own epoll loop, driven by one thread.
///
/// It does what the run needs and nothing else, which is why it costs about half of libcurl's CPU per
/// exchange: one `send` and one `recv` per exchange on a kept-alive connection, the request built as bytes, the
/// answer parsed in place (`ResponseParser`), no header callbacks, no name resolution per request. It keeps
/// libcurl's behaviour where the engine relies on it: at most `maxConnections` connections and exchanges
/// inside (more wait in a plain queue), a per-exchange timeout counted from the hand-over and a connect
/// timeout of at most 10 s, one quiet resend on a fresh connection when a kept-alive one dies before any
/// answer (counted in `sends`), `sends == 0` when no connect succeeded, and the same error categories.
/// TLS, credentials in the URL and anything not plain `http://` go through `CurlClient`
/// (`TransportChoice.auto`). Not thread-safe: one thread calls `start` and `poll`; only `waker` crosses threads.
public final class NativeClient: HTTPClient {
    public let maxBodyBytes: Int
    public let name = "native"
    public let waker: ClientWaker
    public internal(set) var connectionsOpened = 0
    public var inFlight: Int { activeCount + waiting.count - waitingHead }

    let timeoutMilliseconds: Int
    let connectTimeoutMilliseconds: Int
    let maxConnections: Int
    private let epollFD: Int32
    private let wakeEvent: WakeEvent
    private var wakeFD: Int32 { wakeEvent.fd }
    /// Connections by descriptor.
    var connections: [Connection?] = []
    var origins: [OriginPool] = []
    private var originIndex: [Substring: Int] = [:]
    private var lastOrigin = -1
    var openCount = 0
    /// Exchanges handed over and not yet reported (inside the client or in `finished`).
    var activeCount = 0
    var waiting: [ClientRequest] = []
    var waitingHead = 0
    /// Exchanges complete and not yet reported; `poll` reports them.
    var finished: [ClientResponse] = []
    /// The array being reported, kept for its capacity.
    private var reporting: [ClientResponse] = []
    /// No exchange's deadline is earlier than this (it may be later than the earliest: then a scan finds none).
    var earliestDeadline = Int64.max
    private var spare: [Exchange] = []
    private var generation: UInt32 = 0
    private static let maxEvents: Int32 = 256
    private static let wakeToken = UInt64.max
    private let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(NativeClient.maxEvents))
    static let readSize = 64 * 1024
    let readBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: NativeClient.readSize)

    /// Failure to set up the loop.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `maxConnections` caps open connections; `timeoutMilliseconds` (at least 1) bounds each exchange;
    /// `maxBodyBytes` bounds each answer's body.
    public init(maxConnections: Int, timeoutMilliseconds: Int, maxBodyBytes: Int = 8 << 20) throws {
        precondition(timeoutMilliseconds >= 1, "a timeout of 0 ms would expire every exchange at once")
        let ep = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard ep >= 0 else { throw SetupError(description: "epoll_create1: \(String(cString: strerror(errno)))") }
        let wfd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wfd >= 0 else {
            close(ep)
            throw SetupError(description: "eventfd: \(String(cString: strerror(errno)))")
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        epoll_ctl(ep, EPOLL_CTL_ADD, wfd, &event)
        epollFD = ep
        let wake = WakeEvent(fd: wfd)
        wakeEvent = wake
        waker = ClientWaker { wake.signal() }
        self.timeoutMilliseconds = timeoutMilliseconds
        connectTimeoutMilliseconds = min(timeoutMilliseconds, 10_000)
        self.maxConnections = max(1, maxConnections)
        self.maxBodyBytes = maxBodyBytes
    }

    deinit {
        for c in connections { if let c { close(c.fd) } }
        close(epollFD)
        events.deallocate()
        readBuffer.deallocate()
    }

    // MARK: - Starting

    public func start(_ request: ClientRequest) {
        if activeCount >= maxConnections { waiting.append(request) } else { hand(request) }
    }

    public func dropWaiting() -> [Int] {
        defer { waiting.removeAll(); waitingHead = 0 }
        return waiting[waitingHead...].map(\.tag)
    }

    /// Takes an exchange inside: builds its bytes and sends them on an idle connection, or opens one.
    private func hand(_ request: ClientRequest) {
        activeCount += 1
        let now = MonotonicClock.nanoseconds()
        let ex = spare.popLast() ?? Exchange()
        ex.tag = request.tag
        ex.startedAt = now
        ex.sentAt = now
        ex.sends = 0
        ex.newConnections = 0
        ex.overallDeadline = now + Int64(request.timeoutMilliseconds ?? timeoutMilliseconds) * 1_000_000
        ex.deadline = ex.overallDeadline
        ex.timeoutMilliseconds = request.timeoutMilliseconds ?? timeoutMilliseconds
        ex.parser = ResponseParser(maxBody: maxBodyBytes, captureHeaders: request.captureHeaders, headRequest: request.method == "HEAD")
        let origin: Int
        switch originOf(request.url) {
        case .success(let (o, target)):
            origin = o
            guard encode(request, target: target, host: origins[o].hostHeader, into: ex) else {
                finished.append(ClientResponse.notSent(tag: request.tag, at: now))
                recycle(ex)
                activeCount -= 1
                return
            }
        case .failure(let refusal):
            fail(ex, .protocol, refusal.description, now: now)
            return
        }
        ex.origin = origin
        if earliestDeadline > ex.deadline { earliestDeadline = ex.deadline }
        if let c = origins[origin].idle.popLast() {
            c.exchange = ex
            write(c, now: now)
        } else {
            if openCount >= maxConnections { closeIdle(otherThan: origin) }
            open(ex, now: now)
        }
    }

    /// The pool and request target of `url`, from the last origin when the URL starts with it.
    private func originOf(_ url: String) -> Result<(Int, Substring), PlainURL.Refusal> {
        if lastOrigin >= 0 {
            let prefix = origins[lastOrigin].prefixBytes
            let same = url.utf8.withContiguousStorageIfAvailable { Self.plainTarget($0, after: prefix) }
            if same == true { return .success((lastOrigin, Substring(url.utf8.dropFirst(prefix.count)))) }
        }
        let parsed: PlainURL
        do { parsed = try PlainURL.parse(url) } catch { return .failure(error) }
        let key = parsed.origin
        if let i = originIndex[key] {
            lastOrigin = i
            return .success((i, parsed.target))
        }
        origins.append(OriginPool(url: parsed))
        originIndex[key] = origins.count - 1
        lastOrigin = origins.count - 1
        return .success((lastOrigin, parsed.target))
    }

    /// Whether `url` is `prefix` followed by a path with no space, control character or fragment (anything
    /// else goes through the full parse, which decides).
    private static func plainTarget(_ url: UnsafeBufferPointer<UInt8>, after prefix: [UInt8]) -> Bool {
        let n = prefix.count
        guard url.count > n, url[n] == UInt8(ascii: "/"), memcmp(url.baseAddress!, prefix, n) == 0 else { return false }
        for k in n..<url.count {
            let b = url[k]
            if b <= 0x20 || b == 0x7F || b == UInt8(ascii: "#") { return false }
        }
        return true
    }

    /// The request's bytes: request line, Host, the caller's headers, Content-Length, body. False when a header
    /// would hold a control character (the engine screens these already; this is the wire's own guard).
    private func encode(_ r: ClientRequest, target: Substring, host: [UInt8], into ex: Exchange) -> Bool {
        // Built in a local array taken from the exchange (one exclusive access, not one per piece) and given back.
        var out: [UInt8] = []
        swap(&out, &ex.out)
        defer { swap(&out, &ex.out) }
        out.removeAll(keepingCapacity: true)
        ex.written = 0
        let bodiless = r.method == "GET" || r.method == "DELETE" || r.method == "HEAD"
        let body: [UInt8]? = r.body ?? (bodiless ? nil : [])
        var ownLength = true
        Self.append(r.method, to: &out)
        out.append(0x20)
        Self.append(target, to: &out)
        Self.append(" HTTP/1.1\r\n", to: &out)
        // Host first, as libcurl sends it, unless the caller gives its own.
        if !r.headers.contains(where: HeaderLine.isHost) {
            Self.append("Host: ", to: &out)
            out.append(contentsOf: host)
            Self.append("\r\n", to: &out)
        }
        for line in r.headers {
            switch HeaderLine.classify(line) {
            case .unsafe: return false
            case .removal, .ignored: continue
            case .empty(let name):
                Self.append(name, to: &out)
                Self.append(":\r\n", to: &out)
            case .field(let isLength):
                if isLength { ownLength = false }
                Self.append(line, to: &out)
                Self.append("\r\n", to: &out)
            }
        }
        if let body, ownLength {
            Self.append("Content-Length: ", to: &out)
            Self.append(String(body.count), to: &out)  // a small string: stored inline, no allocation
            Self.append("\r\n", to: &out)
        }
        Self.append("\r\n", to: &out)
        if let body { out.append(contentsOf: body) }
        return true
    }

    /// Appends a string's UTF-8 with one copy where it is stored contiguously (always, for native strings).
    @inline(__always)
    private static func append<S: StringProtocol>(_ text: S, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: text.utf8)
        }
    }


    // MARK: - Driving

    public func poll(timeoutMilliseconds wait: Int, _ onComplete: (ClientResponse) -> Void) {
        // Answers already finished are reported after one look at the sockets that does not wait, so exchanges
        // that fail at once can never starve those in progress.
        var ms = finished.isEmpty ? wait : 0
        if ms > 0, earliestDeadline != .max {
            let left = (earliestDeadline - MonotonicClock.nanoseconds() + 999_999) / 1_000_000
            ms = Int(max(0, min(Int64(ms), left)))
        }
        let n = epoll_wait(epollFD, events, Self.maxEvents, Int32(clamping: max(0, ms)))
        let now = MonotonicClock.nanoseconds()
        if n > 0 { dispatch(Int(n), now: now) }
        expire(now)
        deliver(onComplete)
    }

    /// Reports the exchanges finished so far, then hands waiting requests over as slots free. What the reports
    /// start and what fails at once (a refused connect, no descriptor left) waits for the next poll: reporting it
    /// here would let a caller that starts a request per answer spin in this loop forever.
    private func deliver(_ onComplete: (ClientResponse) -> Void) {
        guard !finished.isEmpty else { promote(); return }
        var batch = reporting
        swap(&batch, &finished)
        for r in batch { onComplete(r) }
        batch.removeAll(keepingCapacity: batch.capacity <= 4096)
        reporting = batch
        promote()
    }

    /// Moves queued requests inside as exchanges end.
    func promote() {
        while activeCount < maxConnections, waitingHead < waiting.count {
            let next = waiting[waitingHead]
            waitingHead += 1
            hand(next)
        }
        if waitingHead == waiting.count {
            if waitingHead > 0 { waiting.removeAll(keepingCapacity: waiting.count < 4096) }
            waitingHead = 0
        } else if waitingHead >= 4096, waitingHead * 2 >= waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private func dispatch(_ n: Int, now: Int64) {
        for k in 0..<n {
            let e = events[k]
            let token = e.data.u64
            if token == Self.wakeToken {
                var value: UInt64 = 0
                _ = read(wakeFD, &value, 8)
                continue
            }
            let fd = Int(Int32(truncatingIfNeeded: token))
            guard fd < connections.count, let c = connections[fd], c.token == token else { continue }  // closed already
            ready(c, events: e.events, now: now)
        }
    }

    /// Times out exchanges past their deadline.
    private func expire(_ now: Int64) {
        guard now >= earliestDeadline else { return }
        var next = Int64.max
        for case let c? in connections {
            guard let ex = c.exchange else { continue }
            if ex.deadline <= now {
                closeConnection(c)
                let phase = ex.deadline < ex.overallDeadline ? "Connection timed out" : "Operation timed out"
                let ms = ex.deadline < ex.overallDeadline ? connectTimeoutMilliseconds : ex.timeoutMilliseconds
                fail(ex, .timeout, "\(phase) after \(ms) milliseconds", now: now)
            } else if ex.deadline < next {
                next = ex.deadline
            }
        }
        earliestDeadline = next
    }

    // MARK: - Finishing

    func complete(_ ex: Exchange, now: Int64) {
        finished.append(ClientResponse(
            tag: ex.tag, status: ex.parser.status, body: ex.parser.body, headers: ex.parser.headers, error: nil,
            errorDetail: nil, startedAt: ex.startedAt, sentAt: ex.sentAt, completedAt: now,
            newConnections: ex.newConnections, bytesSent: ex.out.count, bytesReceived: ex.parser.bytesReceived,
            resent: ex.sends > 1, sends: ex.sends))
        activeCount -= 1
        recycle(ex)
    }

    func fail(_ ex: Exchange, _ error: TransportError, _ detail: String, now: Int64) {
        finished.append(ClientResponse(
            tag: ex.tag, status: 0, body: ex.parser.body, headers: ex.parser.headers, error: error,
            errorDetail: detail, startedAt: ex.startedAt, sentAt: min(ex.sentAt, now), completedAt: now,
            newConnections: ex.newConnections, bytesSent: ex.sends > 0 ? ex.written : 0,
            bytesReceived: ex.parser.bytesReceived, resent: ex.sends > 1, sends: ex.sends))
        activeCount -= 1
        recycle(ex)
    }

    private func recycle(_ ex: Exchange) {
        ex.parser = ResponseParser(maxBody: 0, captureHeaders: false, headRequest: false)
        if ex.out.capacity > 1 << 16 { ex.out = [] }
        if spare.count < maxConnections { spare.append(ex) }
    }

    // MARK: - Connections

    func nextToken(_ fd: Int32) -> UInt64 {
        generation &+= 1
        return UInt64(UInt32(bitPattern: fd)) | UInt64(generation) << 32
    }

    func register(_ c: Connection, events: UInt32, op: Int32) -> Bool {
        var e = epoll_event()
        e.events = events
        e.data.u64 = c.token
        c.interest = events
        return epoll_ctl(epollFD, op, c.fd, &e) == 0
    }

    func track(_ c: Connection) {
        let fd = Int(c.fd)
        if fd >= connections.count { connections.append(contentsOf: repeatElement(nil, count: fd + 1 - connections.count)) }
        connections[fd] = c
        openCount += 1
    }

    /// Closes a connection (busy, idle or connecting); its exchange, if any, is the caller's to finish.
    func closeConnection(_ c: Connection) {
        close(c.fd)  // also leaves the epoll set
        if Int(c.fd) < connections.count, connections[Int(c.fd)] === c { connections[Int(c.fd)] = nil }
        openCount -= 1
        if c.exchange == nil, let k = origins[c.origin].idle.firstIndex(where: { $0 === c }) {
            origins[c.origin].idle.remove(at: k)
        }
    }

    /// Makes room for a connection to another origin by closing an idle one.
    private func closeIdle(otherThan origin: Int) {
        for i in origins.indices where i != origin {
            if let c = origins[i].idle.first {
                closeConnection(c)
                return
            }
        }
    }
}

/// The eventfd that wakes a client's `epoll_wait`. The waker holds it too, so it stays open, and a late wake
/// (a stop raised after the run) never writes to a descriptor that may since name something else.
final class WakeEvent: Sendable {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    func signal() {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }
}
