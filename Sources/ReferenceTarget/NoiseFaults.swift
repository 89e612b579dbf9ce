import HTTPServer

/// The noise faults (`error-5xx`, `drop-connection`, `slow`), wrapped around every request of every dialect.
///
/// Noise makes answers indeterminate or late but never wrong, so a correct checker must stay silent. Draws
/// use job sequence 0 (no job) and a request counter as the opportunity: reproducible given the request order.
final class NoiseFaults: Sendable {
    private let dice: FaultDice
    private let requests = FaultCounter()

    init(dice: FaultDice) { self.dice = dice }

    /// Answers `request` with `execute`, unless a noise fault fires: 5xx or a dropped connection (each half
    /// the time before executing, half after, so the client cannot tell whether it took effect), or a
    /// correct answer delayed 50–250 ms.
    func apply(_ execute: () -> HTTPReply) -> HTTPReply {
        let opportunity = requests.next()
        func fires(_ fault: Fault) -> Bool { dice.fires(fault, sequence: 0, opportunity: opportunity) }
        func half(_ fault: Fault, salt: UInt64) -> Bool {
            dice.unit(fault, sequence: 0, opportunity: opportunity, salt: salt) < 0.5
        }
        if fires(.error5xx) {
            if half(.error5xx, salt: 1) { _ = execute() }
            return half(.error5xx, salt: 2)
                ? JSONResponse.reply(500, #"{"error":"Internal Server Error","code":500}"#)
                : JSONResponse.reply(503, #"{"error":"Service Unavailable","code":503}"#,
                                     headers: [(name: "Retry-After", value: "1")])
        }
        if fires(.dropConnection) {
            if half(.dropConnection, salt: 1) { _ = execute() }
            return .close
        }
        let reply = execute()
        guard fires(.slow), case .respond(let response) = reply else { return reply }
        let delay = dice.integer(in: 50_000_000...250_000_000, .slow, sequence: 0, opportunity: opportunity, salt: 1)
        return .respondAfter(nanoseconds: delay, response)
    }
}
