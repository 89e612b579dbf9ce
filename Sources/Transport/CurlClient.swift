import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 client on libcurl's multi interface, driven by one thread.
///
/// Connections are kept alive and capped at `maxConnections`, so a closed-model run opens exactly as many
/// as its concurrency. At most `maxConnections` exchanges are inside libcurl at once (each holds an easy handle
/// and its buffers); more wait in a plain queue, so a load beyond the target's speed costs a few hundred bytes
/// per waiting request, not a libcurl handle. Not thread-safe: one thread calls `start` and `poll`; only
/// `waker` crosses threads.
public final class CurlClient: HTTPClient {
    private let multi: UnsafeMutableRawPointer
    private let timeoutMilliseconds: Int
    let maxActive: Int
    /// The most response body bytes kept per exchange (`--max-body`); a longer answer ends as `bodyTooLarge`.
    public let maxBodyBytes: Int
    private var idle: [Transfer] = []
    private(set) var active: [ObjectIdentifier: Transfer] = [:]
    /// Requests started while `maxActive` exchanges were already inside libcurl, oldest first.
    var waiting: [ClientRequest] = []
    /// How many of `waiting` were handed on already (removed in batches, not one at a time).
    var waitingHead = 0
    /// Exchanges started and not yet reported (waiting or inside libcurl).
    public var inFlight: Int { active.count + waiting.count - waitingHead }
    /// Connections opened since the client was made.
    public private(set) var connectionsOpened = 0
    /// Wakes a `poll` in progress from another thread (for Ctrl-C).
    public let waker: ClientWaker
    public let name = "libcurl"
    private let multiWake: MultiWake

    /// Failure to set up libcurl.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `maxConnections` caps open connections; `timeoutMilliseconds` (at least 1) bounds each exchange;
    /// `maxBodyBytes` bounds each answer's body.
    public init(maxConnections: Int, timeoutMilliseconds: Int, maxBodyBytes: Int = 8 << 20) throws {
        precondition(timeoutMilliseconds >= 1, "a timeout of 0 ms would switch libcurl's timeout off")
        _ = Self.globalInit
        guard let m = curl_multi_init() else { throw SetupError(description: "curl_multi_init failed") }
        multi = m
        self.timeoutMilliseconds = timeoutMilliseconds
        maxActive = max(1, maxConnections)
        self.maxBodyBytes = maxBodyBytes
        let wake = MultiWake(multi: m)
        multiWake = wake
        waker = ClientWaker { wake.wake() }
        cb_multi_setopt_long(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
        cb_multi_setopt_long(m, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnections)
        cb_multi_setopt_long(m, CURLMOPT_MAXCONNECTS, maxConnections)
        cb_multi_setopt_long(m, CURLMOPT_PIPELINING, Int(CURLPIPE_NOTHING))
    }

    deinit {
        for t in active.values { curl_multi_remove_handle(multi, t.handle) }
        active.removeAll()
        idle.removeAll()
        multiWake.retire()
        curl_multi_cleanup(multi)
    }

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Hands a request to libcurl, or queues it while `maxConnections` exchanges are inside; it starts on a
    /// later `poll`. `ClientResponse.startedAt` is when libcurl got it.
    public func start(_ request: ClientRequest) {
        if active.count >= maxActive {
            waiting.append(request)
        } else {
            hand(request)
        }
    }

    /// Whether a header line is `Content-Type: …` (any case), compared on bytes without allocating.
    static func isContentType(_ line: String) -> Bool {
        let name = "content-type:".utf8
        var bytes = line.utf8.makeIterator()
        for want in name {
            // Letters match either case (ASCII upper case is lower case without bit 0x20); '-' and ':' exactly.
            guard let b = bytes.next(), b == want || (want >= UInt8(ascii: "a") && b | 0x20 == want) else { return false }
        }
        return true
    }

    /// Gives a request to libcurl now.
    func hand(_ request: ClientRequest) {
        let t = idle.popLast() ?? makeTransfer()
        t.reset()
        t.tag = request.tag
        t.captureHeaders = request.captureHeaders
        t.maxBody = maxBodyBytes
        let h = t.handle
        cb_easy_setopt_string(h, CURLOPT_URL, request.url)
        cb_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds ?? timeoutMilliseconds)
        cb_easy_setopt_string(h, CURLOPT_CUSTOMREQUEST, nil)
        let bodiless = request.method == "GET" || request.method == "DELETE" || request.method == "HEAD"
        var sendsBody = false
        if let body = request.body ?? (bodiless ? nil : []) {
            sendsBody = true
            cb_easy_setopt_off(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if body.isEmpty {
                cb_easy_setopt_string(h, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                body.withUnsafeBytes { _ = cb_easy_setopt_pointer(h, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)) }
            }
            if request.method != "POST" { cb_easy_setopt_string(h, CURLOPT_CUSTOMREQUEST, request.method) }
        } else {
            cb_easy_setopt_long(h, CURLOPT_HTTPGET, 1)
            if request.method != "GET" { cb_easy_setopt_string(h, CURLOPT_CUSTOMREQUEST, request.method) }
        }
        // No header the caller did not ask for: no default Accept, no Expect: 100-continue round trip, and no
        // `Content-Type: application/x-www-form-urlencoded`, which libcurl adds to every POST body (an empty one
        // too) unless told otherwise; a server may refuse it with 415, and the records would blame the server.
        var list = curl_slist_append(nil, "Accept:")
        list = curl_slist_append(list, "Expect:")
        if sendsBody, !request.headers.contains(where: Self.isContentType) {
            list = curl_slist_append(list, "Content-Type:")
        }
        for line in request.headers { list = curl_slist_append(list, line) }
        t.headerList = list
        cb_easy_setopt_slist(h, CURLOPT_HTTPHEADER, list)
        t.startedAt = MonotonicClock.nanoseconds()
        active[ObjectIdentifier(t)] = t
        curl_multi_add_handle(multi, h)
    }

    /// Runs libcurl until something completes or `timeoutMilliseconds` passes (0 = just make progress), and
    /// reports each completed exchange.
    public func poll(timeoutMilliseconds wait: Int, _ onComplete: (ClientResponse) -> Void) {
        var running: Int32 = 0
        curl_multi_perform(multi, &running)
        if drain(onComplete) > 0 || wait <= 0 { return }
        curl_multi_poll(multi, nil, 0, Int32(clamping: wait), nil)
        curl_multi_perform(multi, &running)
        _ = drain(onComplete)
    }

    private func drain(_ onComplete: (ClientResponse) -> Void) -> Int {
        var done = 0
        var queued: Int32 = 0
        while let msg = curl_multi_info_read(multi, &queued) {
            guard msg.pointee.msg == CURLMSG_DONE, let h = msg.pointee.easy_handle else { continue }
            let code = cb_msg_result(msg)
            var priv: UnsafeMutableRawPointer?
            cb_easy_getinfo_private(h, &priv)
            let t = Unmanaged<Transfer>.fromOpaque(priv!).takeUnretainedValue()
            curl_multi_remove_handle(multi, h)
            active[ObjectIdentifier(t)] = nil
            let response = makeResponse(t, code: code, now: MonotonicClock.nanoseconds())
            t.reset()
            idle.append(t)
            done += 1
            onComplete(response)
        }
        promote()
        return done
    }

    private func makeResponse(_ t: Transfer, code: CURLcode, now: Int64) -> ClientResponse {
        let h = t.handle
        var status = 0
        cb_easy_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        var pre: curl_off_t = 0, connects = 0, upload: curl_off_t = 0, headerSize = 0, download: curl_off_t = 0
        cb_easy_getinfo_off(h, CURLINFO_PRETRANSFER_TIME_T, &pre)
        cb_easy_getinfo_long(h, CURLINFO_NUM_CONNECTS, &connects)
        cb_easy_getinfo_off(h, CURLINFO_SIZE_UPLOAD_T, &upload)
        cb_easy_getinfo_long(h, CURLINFO_REQUEST_SIZE, &headerSize)
        cb_easy_getinfo_off(h, CURLINFO_SIZE_DOWNLOAD_T, &download)
        var responseHeaderSize = 0
        cb_easy_getinfo_long(h, CURLINFO_HEADER_SIZE, &responseHeaderSize)
        connectionsOpened += connects
        var osErrno = 0
        cb_easy_getinfo_long(h, CURLINFO_OS_ERRNO, &osErrno)
        let error: TransportError? = code == CURLE_OK ? nil
            : t.bodyTooLarge ? .bodyTooLarge
            : osErrno == Int(EMFILE) || osErrno == Int(ENFILE) || (code == CURLE_COULDNT_CONNECT && Self.outOfDescriptors()) ? .clientLimit
            : Self.category(code)
        return ClientResponse(
            tag: t.tag, status: error == nil ? status : 0, body: t.body, headers: t.headers, error: error,
            errorDetail: error == nil ? nil : t.bodyTooLarge ? "answer body over \(maxBodyBytes) bytes" : String(cString: curl_easy_strerror(code)),
            startedAt: t.startedAt, sentAt: min(now, t.startedAt + Int64(pre) * 1000), completedAt: now,
            newConnections: connects, bytesSent: headerSize + Int(upload),
            bytesReceived: responseHeaderSize + Int(download), resent: t.sends > 1, sends: t.sends)
    }

    private func makeTransfer() -> Transfer {
        guard let t = Transfer() else { fatalError("curl_easy_init failed: out of memory") }
        let h = t.handle
        let me = Unmanaged.passUnretained(t).toOpaque()
        cb_easy_setopt_pointer(h, CURLOPT_PRIVATE, me)
        cb_easy_setopt_callback(h, CURLOPT_WRITEFUNCTION, writeBody)
        cb_easy_setopt_pointer(h, CURLOPT_WRITEDATA, me)
        cb_easy_setopt_callback(h, CURLOPT_HEADERFUNCTION, writeHeader)
        cb_easy_setopt_pointer(h, CURLOPT_HEADERDATA, me)
        cb_easy_setopt_prereq(h, countSend, me)
        cb_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        cb_easy_setopt_long(h, CURLOPT_TCP_NODELAY, 1)
        cb_easy_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        cb_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
        cb_easy_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMilliseconds, 10_000))
        // Loopback harness: never consult proxy environment variables (and skip reading them per transfer).
        cb_easy_setopt_string(h, CURLOPT_PROXY, "")
        cb_easy_setopt_string(h, CURLOPT_NOPROXY, "*")
        // Keep reusing an idle connection for up to 10 minutes (libcurl's default gives up after 118 s and
        // reconnects, which would blur "connections opened == concurrency").
        cb_easy_setopt_long(h, CURLOPT_MAXAGE_CONN, 600)
        return t
    }

    /// Interrupts a `poll` from any thread, and never after the multi handle is gone: a stop raised after the
    /// run (the waker outlives the client in `StopSignal`) finds the handle retired instead of freed memory.
    final class MultiWake: Sendable {
        /// The multi handle while the client lives (a pointer is not Sendable; the lock makes its use safe).
        struct Handle: @unchecked Sendable { let multi: UnsafeMutableRawPointer }
        private let handle: Mutex<Handle?>

        init(multi: UnsafeMutableRawPointer) { handle = Mutex(Handle(multi: multi)) }

        // curl_multi_wakeup is documented as callable from any thread.
        func wake() { handle.withLock { if let h = $0 { curl_multi_wakeup(h.multi) } } }

        /// Called before curl_multi_cleanup.
        func retire() { handle.withLock { $0 = nil } }
    }
}
