import CCurl

/// One easy handle and the buffers of the exchange it is carrying; reused across requests.
final class Transfer {
    let handle: UnsafeMutableRawPointer
    var tag = 0
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var captureHeaders = false
    var headerList: UnsafeMutablePointer<curl_slist>?
    var startedAt: Int64 = 0
    /// The most body bytes kept; past it the write callback refuses and libcurl ends the exchange.
    var maxBody = Int.max
    /// Set when the body passed `maxBody`.
    var bodyTooLarge = false
    /// How many times libcurl sent the request: more than one when a kept-alive connection died before any
    /// answer and libcurl sent it again on a fresh one.
    var sends = 0
    /// Response header lines kept at most (a target may send thousands).
    static let maxHeaders = 200
    /// Capacity kept across exchanges; a larger body's buffer is released, so one huge answer does not stay
    /// allocated in every reused transfer.
    static let keptCapacity = 1 << 16

    init?() {
        guard let h = curl_easy_init() else { return nil }
        handle = h
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_easy_cleanup(handle)
    }

    /// Clears the per-exchange state, keeping capacity.
    func reset() {
        if body.capacity > Self.keptCapacity { body = [] } else { body.removeAll(keepingCapacity: true) }
        bodyTooLarge = false
        sends = 0
        headers.removeAll(keepingCapacity: true)
        curl_slist_free_all(headerList)
        headerList = nil
    }
}

/// libcurl's pre-request callback: counts the sends of one request.
let countSend: cb_prereq_callback = { user, _, _, _, _ in
    guard let user else { return 0 }
    Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue().sends += 1
    return 0  // CURL_PREREQFUNC_OK
}

/// libcurl's write callback: appends response body bytes to the transfer.
let writeBody: cb_data_callback = { data, size, count, user in
    let n = size * count
    guard let data, let user else { return n }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    // Returning less than n makes libcurl end the exchange with CURLE_WRITE_ERROR.
    guard transfer.body.count + n <= transfer.maxBody else { transfer.bodyTooLarge = true; return 0 }
    data.withMemoryRebound(to: UInt8.self, capacity: n) { transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
    return n
}

/// libcurl's header callback: keeps `Name: value` lines when asked; a new status line clears earlier ones
/// (a `100 Continue` precedes the real answer).
let writeHeader: cb_data_callback = { data, size, count, user in
    let n = size * count
    guard let data, let user else { return n }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    guard transfer.captureHeaders else { return n }
    let line = data.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
    if line.hasPrefix("HTTP/") { transfer.headers.removeAll(keepingCapacity: true); return n }
    if let colon = line.firstIndex(of: ":"), transfer.headers.count < Transfer.maxHeaders {
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
        transfer.headers.append((name, value))
    }
    return n
}

extension StringProtocol {
    /// The text without the leading and trailing `set` characters, compared as Unicode scalars: as Characters,
    /// `"\r\n"` is one grapheme, so a bare `\n` or `\r` (a header line ended by LF alone, which libcurl
    /// accepts) would stay at the end of a value, and in a job id read from a header.
    func trimmingCharacters(in set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        var s = Substring(self).unicodeScalars
        while let f = s.first, scalars.contains(f) { s.removeFirst() }
        while let l = s.last, scalars.contains(l) { s.removeLast() }
        return String(s)
    }
}
