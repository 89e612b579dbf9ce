// libFuzzer harness for profile parsing (scripts/fuzz profile SECONDS).
// Compiled with every file of Sources/LoadModel into one module, never by SwiftPM.

/// Every input is refused with a located message free of control characters, or accepted with nothing in it
/// that would break a request on the wire.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        check(try Profile.parse(input, file: "fuzz.json"))
    } catch {
        require(error.path.hasPrefix("$"), "path \(error.path)")
        require(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "message")
    }
    return 0
}

func check(_ p: Profile) {
    func control(_ s: String) -> Bool { s.utf8.contains { $0 < 0x20 || $0 == 0x7F } }
    for call in [p.submit, p.status, p.cancel] {
        require(WireText.isToken(call.method), "method")
        let path = call.path.description
        require(path.hasPrefix("/") && !path.utf8.contains { $0 <= 0x20 || $0 >= 0x7F }, "path \(path)")
        for h in call.headers {
            require(WireText.isToken(h.name) && !control(h.value.description), "header")
        }
        // Rendering with hostile values must not trap either (the driver fills them from server answers).
        _ = call.path.render { _ in "\r\n\u{0}é" }
        _ = call.body?.render { _ in "\"\\\u{1}" }
    }
    if let auth = p.auth { require(WireText.isToken(auth.header) && !control(auth.prefix), "auth") }
    let paths = [p.submitId, p.fields.status, p.fields.progress, p.fields.cancelRequestedAt, p.fields.charged,
                 p.fields.refunded, p.fields.usage, p.callback?.id].compactMap { $0 }
    for f in paths { require(!f.steps.isEmpty && !f.steps.contains(where: \.isEmpty) && !control(f.description), "field \(f)") }
}
