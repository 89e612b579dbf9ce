#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A strict little reader of the Prometheus text format 0.0.4, as the tests need it: every line is a HELP, a
/// TYPE or a sample `name{label="value",…} value`; a sample's family was typed first; histograms are checked.
struct Exposition {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var samples: [Sample] = []
    /// Family name → type.
    var types: [String: String] = [:]
    var helps: Set<String> = []

    init(_ text: String) throws {
        guard text.hasSuffix("\n") else { throw ParseError(description: "the text does not end in a newline") }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            try read(String(line))
        }
        try checkHistograms()
    }

    /// The value of the one sample with this name and these labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The sum of a family's samples whose labels include `matching`.
    func sum(_ name: String, _ matching: [String: String] = [:]) -> Double {
        samples.filter { s in s.name == name && matching.allSatisfy { s.labels[$0.key] == $0.value } }.reduce(0) { $0 + $1.value }
    }

    private mutating func read(_ line: String) throws {
        if line.hasPrefix("# HELP ") {
            let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1)
            guard parts.count == 2, Self.isName(String(parts[0])) else { throw ParseError(description: "bad HELP line: \(line)") }
            helps.insert(String(parts[0]))
            return
        }
        if line.hasPrefix("# TYPE ") {
            let parts = line.dropFirst(7).split(separator: " ")
            guard parts.count == 2, Self.isName(String(parts[0])),
                  ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[1]) else { throw ParseError(description: "bad TYPE line: \(line)") }
            guard types[String(parts[0])] == nil else { throw ParseError(description: "second TYPE for \(parts[0])") }
            types[String(parts[0])] = String(parts[1])
            return
        }
        guard !line.hasPrefix("#"), !line.isEmpty else { throw ParseError(description: "unexpected line: '\(line)'") }
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard Self.isName(name) else { throw ParseError(description: "bad metric name: \(line)") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let key = String(rest.prefix { $0 != "=" })
                guard Self.isName(key), !key.contains(":") else { throw ParseError(description: "bad label name in: \(line)") }
                rest = rest.dropFirst(key.count)
                guard rest.hasPrefix("=\"") else { throw ParseError(description: "label without a quoted value: \(line)") }
                rest = rest.dropFirst(2)
                var value = ""
                while let c = rest.first, c != "\"" {
                    rest = rest.dropFirst()
                    if c == "\\" {
                        guard let e = rest.first else { break }
                        rest = rest.dropFirst()
                        switch e {
                        case "n": value.append("\n")
                        case "\\", "\"": value.append(e)
                        default: throw ParseError(description: "bad escape in: \(line)")
                        }
                    } else {
                        value.append(c)
                    }
                }
                guard rest.first == "\"" else { throw ParseError(description: "unterminated label value: \(line)") }
                rest = rest.dropFirst()
                guard labels.updateValue(value, forKey: key) == nil else { throw ParseError(description: "label twice: \(line)") }
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw ParseError(description: "bad label list: \(line)") }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw ParseError(description: "no space before the value: \(line)") }
        let valueText = String(rest.dropFirst())
        guard let value = Self.number(valueText) else { throw ParseError(description: "bad value '\(valueText)': \(line)") }
        let family = Self.family(of: name, types)
        guard types[family] != nil, helps.contains(family) else { throw ParseError(description: "sample before its HELP and TYPE: \(line)") }
        samples.append(Sample(name: name, labels: labels, value: value))
    }

    /// Every histogram's buckets are cumulative, end in +Inf, and +Inf equals its _count; counters are ≥ 0.
    private func checkHistograms() throws {
        for (family, type) in types {
            if type == "counter" {
                guard family.hasSuffix("_total") else { throw ParseError(description: "counter \(family) does not end in _total") }
                for s in samples where s.name == family && s.value < 0 { throw ParseError(description: "negative counter \(s)") }
            }
            guard type == "histogram" else { continue }
            let buckets = samples.filter { $0.name == family + "_bucket" }
            let series = Set(buckets.map { $0.labels.filter { $0.key != "le" } })
            guard !series.isEmpty else { throw ParseError(description: "histogram \(family) has no buckets") }
            for labels in series {
                let mine = buckets.filter { $0.labels.filter { $0.key != "le" } == labels }
                var last = -Double.infinity
                var lastCount = 0.0
                for b in mine {
                    guard let le = b.labels["le"].flatMap(Self.number), le > last else { throw ParseError(description: "buckets of \(family) \(labels) not in increasing le") }
                    guard b.value >= lastCount else { throw ParseError(description: "buckets of \(family) \(labels) not cumulative at le=\(le)") }
                    last = le
                    lastCount = b.value
                }
                guard last == .infinity else { throw ParseError(description: "\(family) \(labels) does not end in +Inf") }
                guard samples.contains(where: { $0.name == family + "_count" && $0.labels == labels && $0.value == lastCount }),
                      samples.contains(where: { $0.name == family + "_sum" && $0.labels == labels }) else {
                    throw ParseError(description: "\(family) \(labels): _count differs from the +Inf bucket, or _sum is missing")
                }
            }
        }
    }

    static func isName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" || first == ":" else { return false }
        return s.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }

    static func number(_ s: String) -> Double? {
        switch s {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(s)
        }
    }

    static func family(of name: String, _ types: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" { return base }
        }
        return name
    }

    /// GETs `path` from 127.0.0.1:`port`: the status line's code, the Content-Type, the body; nil when the
    /// connection is refused or fails.
    static func scrape(port: UInt16, path: String = "/metrics") -> (status: Int, contentType: String, body: String)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n > 0 { received += buffer[0..<n]; continue }
            if n < 0, errno == EINTR { continue }
            break
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<end.lowerBound].split(separator: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        let contentType = head.first { $0.lowercased().hasPrefix("content-type:") }.map { String($0.dropFirst(13)).trimmingCharacters(in: .whitespaces) } ?? ""
        return (status, contentType, String(text[end.upperBound...]))
    }
}
