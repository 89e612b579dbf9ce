@testable import ReferenceTarget

/// The reference target's JSON string quoter, from a file that imports no LoadModel (both modules name a type
/// `JSONText`).
func referenceTargetQuote(_ s: String) -> String {
    var text = JSONText()
    text.string(s)
    return String(decoding: text.bytes, as: UTF8.self)
}
