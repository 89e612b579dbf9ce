import Foundation
import Harness
import LoadModel

/// `--token` and `--unpaid-token` (or their environment variables), shared by `run` and `replay`.
enum TokenOptions {
    /// The tokens, from the flags or the environment; the embedded target's own accounts when it is the target.
    static func credentials(_ args: ParsedArguments, embedded: Bool) throws(UsageError) -> Credentials {
        let env = ProcessInfo.processInfo.environment
        let token = args.string("token") ?? env["CANCELBENCH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let unpaid = args.string("unpaid-token") ?? env["CANCELBENCH_UNPAID_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        // A token goes into a header line: a control character in it would inject headers. Never echo it.
        for (flag, value) in [("--token (or CANCELBENCH_TOKEN)", token), ("--unpaid-token (or CANCELBENCH_UNPAID_TOKEN)", unpaid)]
            where value.map(RequestFactory.hasControl) == true {
            throw UsageError("\(flag): the token holds a control character (a line break?), which would end the header it is sent in")
        }
        return Credentials(token: token ?? (embedded ? Credentials.embedded.token : nil),
                           unpaidToken: unpaid ?? (embedded ? Credentials.embedded.unpaidToken : nil))
    }
}
