import Foundation
import HdrHistogram
import LoadModel
import Reports
import Transport

/// What an attack measured: counts, latency histograms, client CPU; rendered as text and summary.json.
public struct AttackResult {
    let settings: Attack.Settings
    public var completed = 0
    var statusCounts: [Int: Int] = [:]
    public var transportErrors = 0
    var bytesIn = 0
    var latency = Histogram()
    var serviceTime = Histogram()
    var elapsed = 0.0
    var cpuUser = 0.0
    var cpuSystem = 0.0
    var connectionsOpened = 0
    /// The HTTP client that sent (`native` or `libcurl`).
    var transport = ""
    /// Open model: scheduled starts dropped because `maxInFlight` requests were already waiting or in flight.
    var dropped = 0

    init(settings: Attack.Settings) { self.settings = settings }

    mutating func record(_ r: ClientResponse, intended: Int64, origin: Int64) {
        completed += 1
        if r.error != nil { transportErrors += 1 } else { statusCounts[r.status, default: 0] += 1 }
        bytesIn += r.bytesReceived
        latency.record(r.completedAt - origin - intended)
        serviceTime.record(r.completedAt - r.sentAt)
    }

    var rate: Double { elapsed > 0 ? Double(completed) / elapsed : 0 }
    /// Client CPU (user + system) per completed request, microseconds.
    var cpuPerRequest: Double { completed > 0 ? (cpuUser + cpuSystem) * 1e6 / Double(completed) : 0 }
    /// Share of requests with no answer or a 5xx.
    var errorRate: Double {
        completed == 0 ? 0 : Double(transportErrors + statusCounts.filter { $0.key >= 500 }.reduce(0) { $0 + $1.value }) / Double(completed)
    }

    public var text: String {
        let model = settings.rate.map { "open model, \(JSONText.number($0)) requests/s" } ?? "closed model, concurrency \(settings.concurrency)"
        let statuses = statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
        return """
        cancelbench attack \(settings.method) \(settings.url.display): \(model), \(settings.connections) connections max
        requests: \(completed) in \(String(format: "%.2f", elapsed)) s = \(String(format: "%.0f", rate))/s; \(connectionsOpened) connections opened (\(transport) client)\(dropped > 0 ? "; \(dropped) scheduled starts dropped (--max-in-flight \(settings.maxInFlight) reached)" : "")
        answers:  \(statuses.isEmpty ? "none" : statuses)\(transportErrors > 0 ? ", no answer ×\(transportErrors)" : "")
        latency:  p50 \(ns(latency.value(atPercentile: 50))), p99 \(ns(latency.value(atPercentile: 99))), p99.9 \(ns(latency.value(atPercentile: 99.9))), max \(ns(latency.maxValue)) (from intended start; from send: p99 \(ns(serviceTime.value(atPercentile: 99))))
        client CPU: \(String(format: "%.2f", cpuUser)) s user + \(String(format: "%.2f", cpuSystem)) s system = \(String(format: "%.1f", cpuPerRequest)) µs per request
        """
    }

    public func write(to dir: String) throws {
        let summary = AttackSummary(
            url: settings.url.display, method: settings.method, model: settings.rate == nil ? "closed" : "open",
            concurrency: settings.rate == nil ? settings.concurrency : nil, rate: settings.rate, connectionsMax: settings.connections,
            requests: completed, elapsedSeconds: elapsed, requestsPerSecond: rate, statuses: statusCounts, droppedStarts: dropped,
            transportErrors: transportErrors, errorRate: errorRate, connectionsOpened: connectionsOpened, transport: transport, bytesIn: bytesIn,
            cpuUserSeconds: cpuUser, cpuSystemSeconds: cpuSystem, cpuMicrosecondsPerRequest: cpuPerRequest,
            latency: Summary.Percentiles(latency), uncorrected: Summary.Percentiles(serviceTime))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try OutputFile.write(Array(try encoder.encode(summary)) + [0x0A], to: dir + "/summary.json")
        try OutputFile.write(PercentileDistribution.text(latency), to: dir + "/attack.hgrm")
        try OutputFile.write(PercentileDistribution.text(serviceTime), to: dir + "/attack.uncorrected.hgrm")
    }

    static let csvColumns = ["seq", "intended_ns", "started_ns", "sent_ns", "completed_ns", "latency_ns", "service_ns",
                             "status", "error", "bytes_in", "new_connections"]

    static func row(_ r: ClientResponse, intended: Int64, origin: Int64) -> [String] {
        [String(r.tag), String(intended), String(r.startedAt - origin), String(r.sentAt - origin), String(r.completedAt - origin),
         String(r.completedAt - origin - intended), String(r.completedAt - r.sentAt), String(r.status),
         r.error?.rawValue ?? "", String(r.bytesReceived), String(r.newConnections)]
    }
}
