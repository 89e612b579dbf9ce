import Harness
import LoadModel

/// `--transport`: which HTTP client sends, shared by `run`, `attack` and `probe`.
enum TransportOption {
    static let spec = OptionSpec(
        name: "transport", value: "auto|native|curl",
        help: "HTTP client. native: the project's own HTTP/1.1 client, plain http:// only, about half libcurl's CPU per request; curl: libcurl (TLS, user:password@ URLs). Default auto: native where it can, else curl.",
        completion: .words(TransportChoice.allCases.map(\.rawValue)))

    /// The client chosen for requests to `url` (nil: the embedded target's plain http:// URL, unknown yet).
    static func parse(_ args: ParsedArguments, url: String?) throws(UsageError) -> TransportChoice {
        guard let text = args.string("transport") else { return .auto }
        guard let choice = TransportChoice(rawValue: text) else {
            throw UsageError("--transport: expected auto, native or curl, found '\(text)'")
        }
        if choice == .native, let url, let why = TransportChoice.nativeRefusal(url) {
            throw UsageError("--transport native: the native client cannot send to this URL (\(why)); use --transport curl or auto")
        }
        return choice
    }
}
