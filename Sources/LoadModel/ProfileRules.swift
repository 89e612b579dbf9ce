/// Where a job's id comes from (profile format 2; format 1 knows only a body path).
public enum IdSource: Sendable, Equatable, CustomStringConvertible {
    /// A field of the submit answer's JSON body, `jobid` or `items[0].id`.
    case body(FieldPath)
    /// A header of the submit answer, matched against a pattern such as `/jobs/{id}` (OGC API – Processes
    /// answers an asynchronous execute with `201` and `Location: …/jobs/{jobId}`).
    case header(name: String, pattern: IdPattern)
    /// The client chooses the id: it is the job's `{jobKey}`, which the submit call sends (Temporal's HTTP API
    /// starts a workflow at `POST …/workflows/{workflowId}`).
    case client

    /// Whether the id is read from a response header (so the transport must keep the submit's headers).
    public var isHeader: Bool { if case .header = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .body(let path): return path.description.hasPrefix("$") ? path.description : "$." + path.description
        case .header(let name, let pattern): return "the \(name) header (pattern \(pattern))"
        case .client: return "{jobKey}, chosen by the client"
        }
    }
}

/// A pattern with one `{id}` in it, matched anywhere in a header value: the text before `{id}` is found (its
/// last occurrence), and the id runs to the text after it, or to the end (or to `?` or `#` when nothing follows
/// `{id}` in the pattern).
public struct IdPattern: Sendable, Equatable, CustomStringConvertible {
    public let before: String
    public let after: String
    public var description: String { "\"\(before){id}\(after)\"" }

    public init?(_ text: String) {
        guard let r = text.firstRange(of: "{id}"), text[r.upperBound...].firstRange(of: "{id}") == nil else { return nil }
        before = String(text[..<r.lowerBound])
        after = String(text[r.upperBound...])
    }

    /// The id in `value`, or nil when the pattern does not match or the id would be empty.
    public func match(_ value: String) -> String? {
        var rest = Substring(value)
        if !before.isEmpty {
            guard let r = value.ranges(of: before).last else { return nil }
            rest = value[r.upperBound...]
        }
        let id: Substring
        if after.isEmpty {
            id = rest.prefix { $0 != "?" && $0 != "#" }
        } else {
            guard let r = rest.firstRange(of: after) else { return nil }
            id = rest[..<r.lowerBound]
        }
        return id.isEmpty ? nil : String(id)
    }
}

/// A request body: JSON, a form, multipart form data, or raw text.
public enum RequestBody: Sendable, Equatable {
    /// A JSON document whose string values may hold placeholders (values JSON-escaped).
    case json(BodyTemplate)
    /// `application/x-www-form-urlencoded` fields (values percent-encoded).
    case form([Field])
    /// `multipart/form-data` fields.
    case multipart([Field])
    /// Raw text; the profile's own Content-Type header says what it is.
    case text(Template)

    /// One form field: a name and a value template.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: Template
    }

    /// Whether the body names `variable`.
    public func uses(_ variable: Template.Variable) -> Bool {
        switch self {
        case .json(let t): return t.uses(variable)
        case .form(let f), .multipart(let f): return f.contains { $0.value.uses(variable) }
        case .text(let t): return t.uses(variable)
        }
    }
}

/// An answer that matches by status and, optionally, by body fields (a subset match).
public struct AnswerRule: Sendable, Equatable {
    public var status: StatusRule
    /// Fields the body must hold with these values; nil matches any body.
    public var body: JSONValue?

    public init(status: StatusRule, body: JSONValue? = nil) {
        self.status = status
        self.body = body
    }

    /// Whether an answer with this status and parsed body matches.
    public func matches(status code: Int, body document: JSONValue?) -> Bool {
        guard status.accepts(code) else { return false }
        guard let body else { return true }
        guard let document else { return false }
        return Self.contains(document, body)
    }

    /// Whether `document` holds `wanted`: an object holds every member of a wanted object (in any order, at
    /// any depth, extra members allowed); any other value must be equal.
    static func contains(_ document: JSONValue, _ wanted: JSONValue) -> Bool {
        guard case .object(let fields) = wanted else { return document == wanted }
        guard case .object = document else { return false }
        return fields.allSatisfy { field in document[field.key].map { contains($0, field.value) } ?? false }
    }
}

/// What the contract says of a cancel's answer and effect (profile format 2).
public struct CancelRule: Sendable, Equatable {
    /// What a 2xx cancel answer is.
    public enum Answer: String, Sendable, CaseIterable {
        /// A job document, read through `fields` (the seeds).
        case job
        /// An acknowledgement only (`200 {}`, a message): its status counts, its body is not a job.
        case ack
    }

    /// What an accepted cancel promises.
    public enum Semantics: String, Sendable, CaseIterable {
        /// The job may still finish on its own after an accepted cancel (only an answer that shows it cancelled
        /// is an acknowledgement).
        case bestEffort = "best-effort"
        /// An accepted cancel of a job that was not finished ends it cancelled.
        case guaranteed
    }

    public var answer: Answer = .job
    public var semantics: Semantics = .bestEffort

    public init(answer: Answer = .job, semantics: Semantics = .bestEffort) {
        self.answer = answer
        self.semantics = semantics
    }
}

/// Whether a job stays readable after its end (profile format 2): some APIs remove a job once it is
/// dismissed, and answer "gone" (OGC API – Processes: `404` after `DELETE /jobs/{id}`).
public struct Retention: Sendable, Equatable {
    /// Whether a job may be gone once it was read terminal.
    public var goneAfterEnd = false
    /// Whether a job may be gone once a cancel of it was accepted.
    public var goneAfterCancel = false
    /// The status that says "gone".
    public var status = 404
    /// Whether the profile states a retention at all; where it is silent, a vanished job is not judged
    /// (invariant 12 judges only what the contract states).
    public var declared = false

    public init(goneAfterEnd: Bool = false, goneAfterCancel: Bool = false, status: Int = 404) {
        self.goneAfterEnd = goneAfterEnd
        self.goneAfterCancel = goneAfterCancel
        self.status = status
    }

    /// Whether the profile lets a job disappear at all; without it a read answered 404 is never "gone".
    public var allowsGone: Bool { goneAfterEnd || goneAfterCancel }
}

/// The error probes (profile format 2): the shape of the unknown id and which calls receive it.
public struct Probes: Sendable, Equatable {
    /// How an id that no job has is spelled, so it is well formed for the API.
    public enum Shape: String, Sendable, CaseIterable {
        /// `cb-unknown-RUN-SEQ` (the default).
        case text
        /// A version-4-shaped UUID drawn from the run and the exchange.
        case uuid
        /// A large decimal integer.
        case integer
    }

    public var unknownId: Shape = .text
    /// The calls the unknown id goes to: `cancel` (the default), and `status` too when listed.
    public var calls: Set<OperationKind> = [.cancel]

    public init(unknownId: Shape = .text, calls: Set<OperationKind> = [.cancel]) {
        self.unknownId = unknownId
        self.calls = calls
    }
}

extension Profile {
    /// Whether an operation's answer says its job is gone: a read or a cancel of the job's own id answered with
    /// the retention's status. Only a profile whose retention lets jobs disappear has "gone" answers; for
    /// the others such an answer is an ordinary refusal.
    public func saysGone(_ op: Operation) -> Bool {
        retention.allowsGone && answersNoSuchJob(op)
    }

    /// Whether an answer about the job's own id says there is no such job (the retention's status), where the
    /// profile states a retention: gone where it lets the job go, lost where it keeps it.
    public func answersNoSuchJob(_ op: Operation) -> Bool {
        retention.declared && op.idUse == .job && op.kind != .submit && op.httpStatus == retention.status
    }
}
