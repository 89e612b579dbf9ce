import Foundation
import LoadModel
import Reports
import Transport

/// The attack loop: one libcurl multi loop, requests started by the closed or open model, latencies into
/// histograms (no per-request storage), client CPU measured around the loop.
public struct Attack {
    public struct Settings {
        public var url: TargetURL
        public var method: String
        public var headers: [String]
        public var body: [UInt8]?
        public var concurrency: Int
        /// Requests per second (open model); nil for the closed model.
        public var rate: Double?
        public var connections: Int
        public var duration: Span
        public var requests: Int?
        /// Open model: the most requests waiting or in flight; a start beyond it is dropped and counted.
        public var maxInFlight: Int
        public var timeout: Span
        public var maxBody: Int
        /// Which HTTP client sends (`--transport`).
        public var transport: TransportChoice = .auto
        public var out: String
        public var csv: Bool

        public init(url: TargetURL, method: String, headers: [String], body: [UInt8]?, concurrency: Int, rate: Double?, connections: Int, duration: Span, requests: Int?, maxInFlight: Int, timeout: Span, maxBody: Int, out: String, csv: Bool) {
            self.url = url
            self.method = method
            self.headers = headers
            self.body = body
            self.concurrency = concurrency
            self.rate = rate
            self.connections = connections
            self.duration = duration
            self.requests = requests
            self.maxInFlight = maxInFlight
            self.timeout = timeout
            self.maxBody = maxBody
            self.out = out
            self.csv = csv
        }
    }

    public let settings: Settings
    public let stop: StopSignal

    public init(settings: Settings, stop: StopSignal) {
        self.settings = settings
        self.stop = stop
    }

    public func run() throws -> AttackResult {
        try OutputFile.makeDirectory(settings.out)
        let client = try settings.transport.makeClient(for: settings.url.url, maxConnections: settings.connections,
                                                       timeoutMilliseconds: Int(settings.timeout.nanoseconds / 1_000_000), maxBodyBytes: settings.maxBody)
        stop.setWake { [waker = client.waker] in waker.wake() }
        let csv = settings.csv ? try CSVWriter(path: settings.out + "/requests.csv", header: AttackResult.csvColumns) : nil
        var result = AttackResult(settings: settings)
        var intervals = try IntervalLog(directory: settings.out, tag: "attack")
        var intended: [Int: Int64] = [:]
        let template = ClientRequest(tag: 0, method: settings.method, url: settings.url.url, headers: settings.headers, body: settings.body)
        let origin = MonotonicClock.nanoseconds()
        let cpu0 = ProcessCPU.microseconds()
        var started = 0
        let limit = settings.requests ?? Int.max
        let end = settings.duration.nanoseconds
        func start(at t: Int64) {
            var request = template
            request.tag = started
            intended[started] = t
            started += 1
            client.start(request)
        }
        var now: Int64 = 0
        if settings.rate == nil { for _ in 0..<min(settings.concurrency, limit) { start(at: 0) } }
        while !stop.isRaised {
            now = MonotonicClock.nanoseconds() - origin
            let sending = now < end && started + result.dropped < limit
            if let rate = settings.rate, sending {
                func due() -> Int64 { Int64(saturating: Double(started + result.dropped) / rate * 1e9) }
                while started + result.dropped < limit, due() <= now {
                    // Over the cap the start is dropped and counted (k6's dropped_iterations), never queued without bound.
                    if client.inFlight >= settings.maxInFlight { result.dropped += 1 } else { start(at: due()) }
                }
            }
            if !sending, client.inFlight == 0 { break }
            var wait = 50
            if let rate = settings.rate, sending {
                wait = max(0, min(50, Int((Int64(saturating: Double(started + result.dropped) / rate * 1e9) - now) / 1_000_000)))
            }
            client.poll(timeoutMilliseconds: wait) { r in
                let due = intended.removeValue(forKey: r.tag) ?? (r.startedAt - origin)
                result.record(r, intended: min(due, r.startedAt - origin), origin: origin)
                intervals.record(.status, latency: r.completedAt - origin - due, at: r.completedAt - origin)
                csv?.row(AttackResult.row(r, intended: due, origin: origin))
                if settings.rate == nil, now < end, started < limit { start(at: r.completedAt - origin) }
            }
        }
        let cpu1 = ProcessCPU.microseconds()
        result.elapsed = Double(MonotonicClock.nanoseconds() - origin) / 1e9
        result.cpuUser = Double(cpu1.user - cpu0.user) / 1e6
        result.cpuSystem = Double(cpu1.system - cpu0.system) / 1e6
        result.connectionsOpened = client.connectionsOpened
        result.transport = client.name
        intervals.finish(at: MonotonicClock.nanoseconds() - origin)
        try csv?.close()
        if let failure = intervals.failure { throw failure }
        return result
    }
}

/// The HTTP client choice (`--transport`), for callers that do not import Transport.
public typealias TransportChoice = Transport.TransportChoice
