/// Writing a record as its line: built byte by byte like every answer, keys in a fixed order (`"t"` first).
extension StoreRecord {
    /// The record as one line of the file, `\n` included.
    var line: [UInt8] {
        var text = JSONText(capacity: 256)
        switch self {
        case .header(let h):
            text.raw(#"{"t":"#)
            text.string(StoreRecord.headerKind)
            text.raw(#","format":"#)
            text.integer(Int64(StoreRecord.format))
            text.raw(#","dialect":"#)
            text.string(h.dialect.rawValue)
            text.raw(#","id_seed":"#)
            text.digits(h.idSeed, minimumWidth: 1)
        case .job(let j):
            text.raw(#"{"t":"job","seq":"#)
            text.digits(j.sequence, minimumWidth: 1)
            text.raw(#","created_unix_ns":"#)
            text.integer(j.createdUnixNs)
            text.raw(#","start_unix_ns":"#)
            text.integer(j.startUnixNs)
            text.raw(#","run_ns":"#)
            text.integer(j.runNs)
            text.raw(#","stop_ns":"#)
            text.integer(j.stopNs)
            text.raw(#","outcome":"#)
            text.string(j.outcome.storeName)
            if j.document { text.raw(#","document":true"#) }
            if let r = j.request {
                text.raw(#","request":{"capability":"#)
                text.string(r.capability)
                text.raw(#","model":"#)
                text.string(r.model)
                text.raw(#","metadata":"#)
                text.string(r.metadata)
                text.raw(#","input":"#)
                text.string(r.input)
                if let url = r.callbackURL { text.raw(#","callback_url":"#); text.string(url) }
                text.raw("}")
            }
        case .state(let s):
            text.raw(#"{"t":"state","seq":"#)
            text.digits(s.sequence, minimumWidth: 1)
            StoreRecord.optional(#","end_unix_ns":"#, s.endUnixNs, into: &text)
            StoreRecord.optional(#","cancel_requested_unix_ns":"#, s.cancelRequestedUnixNs, into: &text)
            text.raw(#","outcome":"#)
            text.string(s.outcome.storeName)
            if s.extraRefunds != 0 { text.raw(#","extra_refunds":"#); text.integer(Int64(s.extraRefunds)) }
            if s.revertMs != 0 { text.raw(#","revert_ms":"#); text.integer(Int64(s.revertMs)) }
            StoreRecord.optional(#","reported_end_unix_ns":"#, s.reportedEndUnixNs, into: &text)
            StoreRecord.optional(#","dismissed_unix_ns":"#, s.dismissedUnixNs, into: &text)
        case .key(let k):
            text.raw(#"{"t":"key","scope":"#)
            text.string(k.scope)
            text.raw(#","key":"#)
            text.string(k.key)
            text.raw(#","fingerprint":"#)
            text.string(k.fingerprint.hex)
            text.raw(#","status":"#)
            text.integer(Int64(k.status))
            if let utf8 = String(validating: k.body, as: UTF8.self) {
                text.raw(#","body":"#)
                text.string(utf8)
            } else {
                text.raw(#","body_base64":"#)
                text.string(StoreRecord.base64(k.body))
            }
        }
        text.raw("}\n")
        return text.bytes
    }

    private static func optional(_ key: StaticString, _ value: Int64?, into text: inout JSONText) {
        guard let value else { return }
        text.raw(key)
        text.integer(value)
    }

    /// RFC 4648 base64 with padding (no Foundation on the write path).
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * position) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
