import HTTPServer

/// OGC API – Processes error answers: RFC 7807 "Problem Details" objects (/rec/core/problem-details) in the
/// shape of the standard's exception.yaml (`type` required; `title`, `status`, `detail` optional).
///
/// Sent as `application/json`, the media type the standard's OpenAPI responses give for exceptions
/// (NotFound.yaml), rather than RFC 7807's `application/problem+json`.
enum OGCProblem {
    /// The exception type of /req/core/job-exception-no-such-job.
    static let noSuchJob = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-job"
    /// The exception type of /req/core/process-exception/no-such-process.
    static let noSuchProcess = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process"
    /// The exception type of /req/core/job-results-exception/results-not-ready.
    static let resultNotReady = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/result-not-ready"

    /// `{"type","title","status","detail"}` with HTTP status `status`.
    static func reply(_ status: Int, type: String, title: String, detail: String,
                      headers: [(name: String, value: String)] = []) -> HTTPReply {
        var text = JSONText(capacity: 192)
        text.raw(#"{"type":"#)
        text.string(type)
        text.raw(#","title":"#)
        text.string(title)
        text.raw(#","status":"#)
        text.integer(Int64(status))
        text.raw(#","detail":"#)
        text.string(detail)
        text.raw("}")
        return JSONResponse.reply(status, text.bytes, headers: headers)
    }
}
