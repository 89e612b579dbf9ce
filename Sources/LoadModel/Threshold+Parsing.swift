extension Threshold {
    /// Parses one `--threshold` expression (grammar on `Threshold`).
    ///
    /// The error reads `--threshold 'cancel.p99<300ms': unknown metric "p99"; expected …`: the exact token
    /// and what would have been accepted there.
    public static func parse(_ expression: String) throws(UsageError) -> Threshold {
        do {
            return try parseBare(expression)
        } catch {
            throw UsageError("--threshold '\(expression)': \(error.message)")
        }
    }

    /// Parses an expression; the error's message names the token but not where the expression came from,
    /// so that flags and files can each say that in their own way.
    static func parseBare(_ text: String) throws(ThresholdSyntaxError) -> Threshold {
        let expression = text.trimmedOfWhitespace()
        guard !expression.isEmpty else { throw ThresholdSyntaxError("empty threshold; expected e.g. p(99)<250ms") }
        guard let opStart = expression.firstIndex(where: { "<>=!".contains($0) }) else {
            throw ThresholdSyntaxError("no comparison in \"\(expression)\"; expected one of \(operators)")
        }
        let opEnd = expression[opStart...].firstIndex(where: { !"<>=!".contains($0) }) ?? expression.endIndex
        let opText = String(expression[opStart..<opEnd])
        guard let comparison = Comparison(rawValue: opText) else {
            throw ThresholdSyntaxError("unknown comparison \"\(opText)\"; expected one of \(operators)")
        }
        let left = expression[..<opStart].trimmedOfWhitespace()
        let right = expression[opEnd...].trimmedOfWhitespace()
        guard !left.isEmpty else { throw ThresholdSyntaxError("nothing before \"\(opText)\"; expected a metric such as p(99)") }

        var segments = try splitPath(left)
        var uncorrected = false
        if segments.first == "uncorrected" { uncorrected = true; segments.removeFirst() }
        guard !segments.isEmpty else { throw ThresholdSyntaxError("\"uncorrected.\" needs a latency metric after it, e.g. uncorrected.p(99)") }
        var scope = Scope.all
        if segments.count > 1 { scope = try parseScope(segments[0]) }
        if segments.count > 2 {
            throw ThresholdSyntaxError("unexpected \"\(segments[1])\" after scope \"\(segments[0])\"; expected a metric "
                + "(uncorrected. goes first: uncorrected.\(segments[0]).…)")
        }
        let metricText = segments[segments.count - 1]
        let metric = try parseMetric(metricText, scoped: scope != .all)
        if metric.isRunLevel, scope != .all {
            throw ThresholdSyntaxError("\"\(metricText)\" belongs to the whole run and takes no scope; drop \"\(segments[0]).\"")
        }
        if uncorrected, metric.kind != .latency {
            throw ThresholdSyntaxError("\"uncorrected.\" applies only to latency metrics (p(N), max, min, avg), not \"\(metricText)\"")
        }
        if case .cancelPoint = scope {
            if uncorrected {
                throw ThresholdSyntaxError("uncorrected latency is not kept per cancel point; use \"uncorrected.cancel.\" or drop \"uncorrected.\"")
            }
            if metric == .errorRate {
                throw ThresholdSyntaxError("error_rate is not kept per cancel point; use \"cancel.error_rate\"")
            }
        }
        let (limit, unit) = try parseValue(right, kind: metric.kind, after: opText)
        return Threshold(expression: expression, uncorrected: uncorrected, scope: scope, metric: metric,
                         comparison: comparison, limit: limit, unit: unit)
    }

    static let operators = "<, <=, >, >=, ==, !="

    /// Splits `a.b[c].p(99.9)` on the dots outside brackets and parentheses (a percentile has a dot).
    static func splitPath(_ s: String) throws(ThresholdSyntaxError) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for c in s {
            switch c {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            default: break
            }
            if c == ".", depth == 0 { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        if let bad = parts.first(where: { $0.isEmpty }) ?? parts.first(where: { $0.contains(where: \.isWhitespace) }) {
            throw ThresholdSyntaxError(bad.isEmpty ? "empty name between dots in \"\(s)\"; expected SCOPE.METRIC"
                : "unexpected space in \"\(bad)\"; spaces are allowed only around the comparison")
        }
        return parts
    }

    static func parseScope(_ s: String) throws(ThresholdSyntaxError) -> Scope {
        let (name, inner) = try bracketed(s)
        guard let kind = OperationKind(rawValue: name) else {
            throw ThresholdSyntaxError("unknown scope \"\(name)\"; expected submit, status, cancel or cancel[POINT] "
                + "(uncorrected. goes first)")
        }
        guard let inner else { return .operation(kind) }
        guard kind == .cancel else {
            throw ThresholdSyntaxError("\"\(s)\": only cancel takes a cancel point in brackets")
        }
        guard let point = CancelPoint(rawValue: inner) else {
            throw ThresholdSyntaxError("unknown cancel point \"\(inner)\"; expected one of "
                + CancelPoint.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return .cancelPoint(point)
    }

    static func parseMetric(_ s: String, scoped: Bool) throws(ThresholdSyntaxError) -> Metric {
        let expected = "p(N), max, min, avg, count, rate, error_rate" + (scoped ? "" : ", violations, violations[INVARIANT], jobs, cancelled_rate")
        if s.hasPrefix("p("), s.hasSuffix(")") {
            let n = s.dropFirst(2).dropLast()
            guard let p = Double(n), p.isFinite, p > 0, p <= 100 else {
                throw ThresholdSyntaxError("bad percentile \"\(n)\" in \"\(s)\"; expected a number N with 0 < N ≤ 100")
            }
            return .percentile(p)
        }
        switch s {
        case "max": return .max
        case "min": return .min
        case "avg": return .avg
        case "count": return .count
        case "rate": return .rate
        case "error_rate": return .errorRate
        case "violations": return .violations(nil)
        case "jobs": return .jobs
        case "cancelled_rate": return .cancelledRate
        default: break
        }
        let (name, inner) = try bracketed(s)
        if name == "violations", let inner {
            let byNumber = Int(inner).flatMap { Invariant(rawValue: $0) }
            guard let invariant = byNumber ?? Invariant.allCases.first(where: { $0.name == inner }) else {
                throw ThresholdSyntaxError("unknown invariant \"\(inner)\"; expected a number 1–\(Invariant.allCases.count) or one of "
                    + Invariant.allCases.map(\.name).joined(separator: ", "))
            }
            return .violations(invariant)
        }
        // A percentile without parentheses is the likeliest typo (k6 writes p(99)); say so.
        let hint = s.first == "p" && Double(s.dropFirst()) != nil ? " (write p(\(s.dropFirst())))" : ""
        throw ThresholdSyntaxError("unknown metric \"\(s)\"\(hint); expected \(expected)")
    }

    /// `name[inner]` → (name, inner); `name` → (name, nil).
    static func bracketed(_ s: String) throws(ThresholdSyntaxError) -> (String, String?) {
        guard let open = s.firstIndex(of: "[") else { return (s, nil) }
        guard s.last == "]", s.firstIndex(of: "]") == s.index(before: s.endIndex), s.index(after: open) < s.index(before: s.endIndex) else {
            throw ThresholdSyntaxError("bad brackets in \"\(s)\"; expected NAME[VALUE]")
        }
        return (String(s[..<open]), String(s[s.index(after: open)..<s.index(before: s.endIndex)]))
    }

    /// The limit in base units and the unit it was written in.
    static func parseValue(_ s: String, kind: Kind, after op: String) throws(ThresholdSyntaxError) -> (Double, Unit) {
        let numberEnd = s.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) ?? s.endIndex
        let numberText = String(s[..<numberEnd])
        let unitText = s[numberEnd...].trimmedOfWhitespace()
        guard !numberText.isEmpty, let value = Double(numberText) else {
            throw ThresholdSyntaxError(s.isEmpty ? "no value after \"\(op)\"; expected a number\(kind == .latency ? " with a unit, e.g. 250ms" : "")"
                : "bad value \"\(s)\"; expected a non-negative number\(kind == .latency ? " with a unit, e.g. 250ms" : "")")
        }
        let units: [String: Unit]
        switch kind {
        case .latency:
            guard !unitText.isEmpty else {
                throw ThresholdSyntaxError("latency value \"\(numberText)\" needs a unit; expected ns, us, µs, ms or s")
            }
            // Both the micro sign (U+00B5) and the Greek mu (U+03BC) are typed for microseconds.
            units = ["ns": .nanoseconds, "us": .microseconds, "\u{B5}s": .microseconds, "\u{3BC}s": .microseconds,
                     "ms": .milliseconds, "s": .seconds]
        case .fraction: units = ["": .none, "%": .percent]
        case .perSecond: units = ["": .none, "/s": .perSecond]
        case .count: units = ["": .none]
        }
        guard let unit = units[unitText] else {
            let expected: String
            switch kind {
            case .latency: expected = "ns, us, µs, ms or s"
            case .fraction: expected = "% or a plain 0–1 fraction"
            case .perSecond: expected = "/s or a plain number of exchanges per second"
            case .count: expected = "a plain number (no unit)"
            }
            throw ThresholdSyntaxError("unknown unit \"\(unitText)\"; expected \(expected)")
        }
        if kind == .fraction, unit == .none, value > 1 {
            throw ThresholdSyntaxError("rate \"\(numberText)\" is above 1; a rate without % is a 0–1 fraction (write \(numberText)%)")
        }
        return (value * unit.scale, unit)
    }
}

/// A threshold expression that does not parse: what was wrong and what was expected, naming the token.
struct ThresholdSyntaxError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension StringProtocol {
    /// Without leading and trailing whitespace of any kind (tabs too: thresholds files are hand-written).
    func trimmedOfWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
