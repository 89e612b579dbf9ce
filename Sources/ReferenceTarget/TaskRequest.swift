/// What a beatra client submitted, kept to echo back in every task object.
///
/// A final class with immutable fields: jobs share the empty default instead of each carrying five strings.
final class TaskRequest: Sendable {
    /// `capability` as submitted, or the default.
    let capability: String
    /// `model` as submitted, or `auto`.
    let model: String
    /// The `metadata` object as raw, validated JSON bytes.
    let metadataJSON: [UInt8]
    /// The `input` object as raw, validated JSON bytes.
    let inputJSON: [UInt8]
    /// The `callback_url`, or nil.
    let callbackURL: String?

    init(capability: String, model: String, metadataJSON: [UInt8], inputJSON: [UInt8], callbackURL: String?) {
        self.capability = capability
        self.model = model
        self.metadataJSON = metadataJSON
        self.inputJSON = inputJSON
        self.callbackURL = callbackURL
    }

    /// The capability used when none is given.
    static let defaultCapability = "text.generate"
    /// The model used when none is given.
    static let defaultModel = "auto"

    /// The shared instance for submissions with nothing to echo (Pika, PraisonAI, an empty beatra body).
    static let empty = TaskRequest(capability: defaultCapability, model: defaultModel,
                                   metadataJSON: Array("{}".utf8), inputJSON: Array("{}".utf8), callbackURL: nil)

    /// The concrete model a request for `model` runs on (`auto` resolves to the simulator's default).
    var resolvedModel: String { model == TaskRequest.defaultModel ? "beatra-sim-1" : model }
}
