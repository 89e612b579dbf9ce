import Glibc
import HTTPServer

/// The handler the server tests use: echoes method, target and body, with a few special paths.
let echoHandler: HTTPHandler = { request in
    switch request.path {
    case "/drop":
        return .close
    case "/slow":
        // 300 ms: long enough that a pipelined fast request would overtake it if order were not kept.
        return .respondAfter(nanoseconds: 300_000_000, HTTPResponse(status: 200, body: Array("slow".utf8)))
    case "/big":
        return .respond(HTTPResponse(status: 200, body: bigBody))
    default:
        let text = "\(request.method) \(request.target) " + String(decoding: request.body, as: UTF8.self)
        return .respond(HTTPResponse(status: 200, headers: [(name: "X-Echo", value: "1")], body: Array(text.utf8)))
    }
}

/// 4 MiB of a repeating pattern: far more than a socket buffer, so the server must buffer partial writes.
let bigBody: [UInt8] = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }

/// Runs `body` against a started server, stopping it afterwards even when `body` throws.
func withServer(loops: Int = 1, idleTimeout: Duration = .seconds(60), handler: @escaping HTTPHandler = echoHandler,
                _ body: (HTTPServer, UInt16) throws -> Void) throws {
    let server = HTTPServer(loops: loops, idleTimeout: idleTimeout, handler: handler)
    let port = try server.start()
    defer { server.stop() }
    try body(server, port)
}

/// Runs `body` against a started server with `limits`, stopping it afterwards even when `body` throws.
func withServer(loops: Int = 1, limits: ConnectionLimits, handler: @escaping HTTPHandler = echoHandler,
                _ body: (HTTPServer, UInt16) throws -> Void) throws {
    let server = HTTPServer(loops: loops, limits: limits, handler: handler)
    let port = try server.start()
    defer { server.stop() }
    try body(server, port)
}

/// Polls `done` every 10 ms for at most `seconds`; returns whether it held. For counters that settle a
/// moment after the client saw the effect (a close is counted when the server's drain ends).
func eventually(seconds: Double = 5, _ done: () -> Bool) -> Bool {
    var waited = 0.0
    while !done() {
        if waited >= seconds { return false }
        sleepMilliseconds(10)
        waited += 0.01
    }
    return true
}

/// Milliseconds on the monotonic clock, for elapsed-time checks in tests.
func monotonicMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Sleeps the calling thread for `milliseconds`.
func sleepMilliseconds(_ milliseconds: Int) {
    usleep(UInt32(milliseconds * 1000))
}
