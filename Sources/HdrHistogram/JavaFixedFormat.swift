/// Java's `%W.Pf`, which HdrHistogram's reference files are printed with: it rounds the *shortest decimal*
/// that identifies the double (what `Double.toString` prints) half-up, where C's printf rounds the exact binary
/// value. They differ when that decimal ends in a 5 just past the precision: Java prints 0.9997802734375 as
/// 0.999780273438 with %.12f, printf as 0.999780273437. HdrHistogram's `.hgrm` rows hit such values, so we
/// follow Java to match its files byte for byte.
enum JavaFixedFormat {
    /// `value` with `precision` digits after the point, right-aligned to `width` characters.
    static func format(_ value: Double, precision: Int, width: Int = 0) -> String {
        pad(fixed(value, precision: precision), width)
    }

    /// `text` right-aligned to `width` characters, as `%Ws` and `%Wd` do.
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func fixed(_ value: Double, precision: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        // Swift's description is also the shortest round-tripping decimal ("0.0001", "1e-05", "1.5e+20").
        let description = value.magnitude.description
        let parts = description.split(separator: "e")
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        var digits = (mantissa[0] + (mantissa.count > 1 ? mantissa[1] : "")).map { Int($0.asciiValue! - 48) }
        // The value is 0.d1d2d3… × 10^point.
        var point = mantissa[0].count + exponent
        while digits.count > 1, digits[0] == 0 { digits.removeFirst(); point -= 1 }
        let keep = point + precision
        if keep < 0 {
            digits = [0]
            point = 1
        } else if keep < digits.count {
            let roundUp = digits[keep] >= 5
            digits.removeLast(digits.count - keep)
            if roundUp { point += carry(&digits) }
        }
        // Lay the digits out around the point, padding with zeros on either side.
        let integerDigits = max(point, 0)
        var integer = "", fraction = ""
        for i in 0..<integerDigits { integer.append(i < digits.count ? Character(String(digits[i])) : "0") }
        for i in 0..<precision {
            let at = point + i
            fraction.append(at >= 0 && at < digits.count ? Character(String(digits[at])) : "0")
        }
        let sign = value.sign == .minus ? "-" : ""  // Java keeps the sign of a value that rounds to zero
        return sign + (integer.isEmpty ? "0" : integer) + (precision > 0 ? "." + fraction : "")
    }

    /// Adds one unit in the last place; returns 1 when the carry adds a leading digit (999 → 1000).
    private static func carry(_ digits: inout [Int]) -> Int {
        var i = digits.count - 1
        while i >= 0 {
            if digits[i] < 9 { digits[i] += 1; return 0 }
            digits[i] = 0
            i -= 1
        }
        digits.insert(1, at: 0)
        return 1
    }
}
