import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// How a failed exchange is named: a bounded category from libcurl's code, with the harness's own limits told apart.
extension CurlClient {
    /// Whether this process cannot open another descriptor now: libcurl reports a socket() that failed with
    /// EMFILE as a plain connect error, which must not be blamed on the target.
    static func outOfDescriptors() -> Bool {
        let probe = dup(2)
        if probe >= 0 { close(probe); return false }
        return errno == EMFILE || errno == ENFILE
    }

    static func category(_ code: CURLcode) -> TransportError {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .connect
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE: return .reset
        case CURLE_WEIRD_SERVER_REPLY, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_HTTP2, CURLE_BAD_CONTENT_ENCODING:
            return .protocol
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE: return .tls
        default: return .other
        }
    }
}
