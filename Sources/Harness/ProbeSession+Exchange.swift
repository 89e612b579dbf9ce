import Foundation
import LoadModel
import Reports
import Transport

/// One exchange of the probe, sent and printed.
extension ProbeSession {
    /// Response headers whose values are credentials whatever they hold.
    static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"]

    /// Sends the job's call of `kind`, waits for its answer, prints both and what the profile read; returns the
    /// operation, the job id a submit's answer carried, and the response.
    mutating func exchange(_ kind: OperationKind) -> (LoadModel.Operation, String?, ClientResponse) {
        seq += 1
        let intent = RequestIntent(kind: kind, idUse: .job, intended: Instant(nanoseconds: MonotonicClock.nanoseconds() - origin))
        let id = factory.requestedId(.job, kind: kind, jobId: jobId.isEmpty ? nil : jobId, job: 0, seq: seq)
        var built = factory.make(intent, job: 0, id: id, seq: seq)
        built.request.captureHeaders = true
        var response: ClientResponse?
        if built.unsafe {
            response = ClientResponse.notSent(tag: seq, at: MonotonicClock.nanoseconds())
        } else {
            client.start(built.request)
            while response == nil { client.poll(timeoutMilliseconds: 100) { response = $0 } }
        }
        let r = response!
        let (op, submitted) = reader.read(r, kind: kind, idUse: .job, requestedId: id, request: built.line, seq: seq, origin: origin)
        lastAnswer = redactor.isEmpty ? r.body : redactor.redact(r.body)
        let ms = Double(r.completedAt - r.startedAt) / 1e6
        let answer = r.error.map { "no answer (\($0.rawValue): \(r.errorDetail ?? ""))" } ?? "\(r.status)"
        print(String(format: "#%d %@ %@ → %@ in %.1f ms", seq, kind.rawValue, DisplayText.escapingControls(built.line), answer, ms))
        let shown = r.headers.prefix(12).map { h in
            let value = Self.secretHeaders.contains(h.name.lowercased()) ? "[redacted]" : redactor.redact(h.value)
            return "\(h.name): \(DisplayText.cut(value))"
        }
        if !shown.isEmpty { print("     headers: " + DisplayText.escapingControls(shown.joined(separator: "; ")) + (r.headers.count > 12 ? "; …" : "")) }
        if !lastAnswer.isEmpty {
            let cut = lastAnswer.count > 400 ? " … (\(lastAnswer.count) bytes)" : ""
            print("     body: " + DisplayText.escapingControls(String(decoding: lastAnswer.prefix(400), as: UTF8.self)) + cut)
        }
        if r.resent { print("     note: libcurl sent this request twice (a kept-alive connection died first)") }
        return (op, submitted, r)
    }
}
