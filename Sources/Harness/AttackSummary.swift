import Reports

/// An attack's summary.json: what was sent, what came back, and the client's CPU per request.
struct AttackSummary: Codable {
    var url: String
    var method: String
    /// `closed` or `open`.
    var model: String
    var concurrency: Int?
    var rate: Double?
    var connectionsMax: Int
    var requests: Int
    var elapsedSeconds: Double
    var requestsPerSecond: Double
    /// Answers by HTTP status.
    var statuses: [Int: Int]
    var droppedStarts: Int
    var transportErrors: Int
    var errorRate: Double
    var connectionsOpened: Int
    /// The HTTP client that sent: `native` or `libcurl`.
    var transport: String
    var bytesIn: Int
    var cpuUserSeconds: Double
    var cpuSystemSeconds: Double
    var cpuMicrosecondsPerRequest: Double
    var latency: Summary.Percentiles
    var uncorrected: Summary.Percentiles

    enum CodingKeys: String, CodingKey {
        case url, method, model, concurrency, rate, connectionsMax = "connections_max", requests, elapsedSeconds = "elapsed_s"
        case requestsPerSecond = "requests_per_s", statuses, droppedStarts = "dropped_starts", transportErrors = "transport_errors"
        case errorRate = "error_rate", connectionsOpened = "connections_opened", transport, bytesIn = "bytes_in", cpuUserSeconds = "cpu_user_s"
        case cpuSystemSeconds = "cpu_system_s", cpuMicrosecondsPerRequest = "cpu_us_per_request", latency, uncorrected
    }
}
