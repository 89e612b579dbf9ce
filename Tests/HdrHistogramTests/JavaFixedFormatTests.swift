import Testing
@testable import HdrHistogram

/// Expected strings are Java 17's `String.format(Locale.US, "%.3f|%.12f|%14.2f", x, x, x)`.
@Suite struct JavaFixedFormatTests {
    @Test(arguments: [
        // A .hgrm percentile: its shortest decimal ends in 5 just past 12 digits; Java rounds up, printf down.
        (0.9997802734375, "1.000|0.999780273438|          1.00"),
        // Shortest decimal 1.0005 rounds half-up to 1.001; the binary value is below it and printf gives 1.000.
        (1.0005, "1.001|1.000500000000|          1.00"),
        (0.0005, "0.001|0.000500000000|          0.00"),
        // Values past the precision of %.12f print the shortest decimal's digits, then zeros.
        (123456.78949, "123456.789|123456.789490000000|     123456.79"),
        // A carry through every digit adds one in front.
        (99.9995, "100.000|99.999500000000|        100.00"),
        // Exponent forms of the shortest decimal: tiny, huge, subnormal.
        (1e-5, "0.000|0.000010000000|          0.00"),
        (1e16, "10000000000000000.000|10000000000000000.000000000000|10000000000000000.00"),
        (.leastNonzeroMagnitude, "0.000|0.000000000000|          0.00"),
        (0.0, "0.000|0.000000000000|          0.00"),
    ])
    func matchesJavasFormatter(value: Double, java: String) {
        let ours = [JavaFixedFormat.format(value, precision: 3), JavaFixedFormat.format(value, precision: 12),
                    JavaFixedFormat.format(value, precision: 2, width: 14)].joined(separator: "|")
        #expect(ours == java)
    }
}
