/// Golden data from the reference implementations, checked in so `swift test` needs neither Java nor Python.
///
/// How it was made (scripts/check-hdr-formats checks the same things live):
/// - `knownValuesHgrm`: Java HdrHistogram 2.1.11 (Debian's libhdrhistogram-java), `outputPercentileDistribution(
///   System.out, 1_000_000.0)` of `knownValues` in a `Histogram(1, 3_600_000_000_000L, 3)`; see
///   scripts/hdr-reference/HdrReference.java (`hgrm VALUES 1000000`). Java, not Python: hdrhistogram 0.10.8 on
///   PyPI steps percentiles without Java's and C's truncated log2 and prints a different footer.
/// - `javaEncodedKnownValues`: the same histogram, `encodeIntoCompressedByteBuffer` in base64 (`encode VALUES`).
/// - `pythonEncodedKnownValues`: Python hdrhistogram 0.10.8, `HdrHistogram(1, 3_600_000_000_000, 3)`, the same
///   values, `encode()` (its zlib writes a fixed-Huffman block here).
/// - `dynamicHuffmanStream`: Python's `zlib.compress(dynamicHuffmanText, 9)`, which picks a dynamic-Huffman block.
enum HdrGolden {
    /// 1,000 latencies in nanoseconds: 50 µs to 1.3 ms, and every 101st value has i ms added (a tail to 909 ms).
    static let knownValues: [Int64] = (0..<1000).map { (i: Int) -> Int64 in
        let tail: Int = i % 101 == 0 ? i * 1_000_000 : 0
        return Int64(50_000 + (i * 7919 % 1000) * 1_234 + tail)
    }

    static let knownValuesHgrm = """
               Value     Percentile TotalCount 1/(1-Percentile)

               0.050 0.000000000000          1           1.00
               0.173 0.100000000000        100           1.11
               0.297 0.200000000000        200           1.25
               0.422 0.300000000000        300           1.43
               0.546 0.400000000000        400           1.67
               0.671 0.500000000000        500           2.00
               0.734 0.550000000000        550           2.22
               0.796 0.600000000000        600           2.50
               0.859 0.650000000000        650           2.86
               0.920 0.700000000000        700           3.33
               0.983 0.750000000000        750           4.00
               1.014 0.775000000000        775           4.44
               1.045 0.800000000000        800           5.00
               1.077 0.825000000000        825           5.71
               1.108 0.850000000000        850           6.67
               1.139 0.875000000000        875           8.00
               1.155 0.887500000000        888           8.89
               1.169 0.900000000000        900          10.00
               1.187 0.912500000000        913          11.43
               1.202 0.925000000000        925          13.33
               1.218 0.937500000000        938          16.00
               1.226 0.943750000000        944          17.78
               1.233 0.950000000000        950          20.00
               1.241 0.956250000000        957          22.86
               1.248 0.962500000000        963          26.67
               1.256 0.968750000000        969          32.00
               1.260 0.971875000000        972          35.56
               1.264 0.975000000000        975          40.00
               1.269 0.978125000000        979          45.71
               1.272 0.981250000000        982          53.33
               1.276 0.984375000000        985          64.00
               1.277 0.985937500000        986          71.11
               1.280 0.987500000000        988          80.00
               1.282 0.989062500000        990          91.43
               1.283 0.990625000000        991         106.67
             202.899 0.992187500000        993         128.00
             202.899 0.992968750000        993         142.22
             303.825 0.993750000000        994         160.00
             404.488 0.994531250000        995         182.86
             505.414 0.995312500000        996         213.33
             607.650 0.996093750000        997         256.00
             607.650 0.996484375000        997         284.44
             607.650 0.996875000000        997         320.00
             708.313 0.997265625000        998         365.71
             708.313 0.997656250000        998         426.67
             808.976 0.998046875000        999         512.00
             808.976 0.998242187500        999         568.89
             808.976 0.998437500000        999         640.00
             808.976 0.998632812500        999         731.43
             808.976 0.998828125000        999         853.33
             909.640 0.999023437500       1000        1024.00
             909.640 1.000000000000       1000
        #[Mean    =        5.212, StdDeviation   =       53.733]
        #[Max     =      909.640, Total count    =         1000]
        #[Buckets =           32, SubBuckets     =         2048]

        """

    static let javaEncodedKnownValues =
        "HISTFAAAALR4nJNpmSzMwMDuzgABzFCaEch0M9ixgMH+A0RgcwaTN5MnEkawLJlUmZSBEEIqY+VhFyWeB6FlmQSBkB+NROdj" +
        "k1MlUT3pNpBrGjsQsoJJVBZhUXL10dI0QRq4jF6+F8Qpz8zEgILxswiroFQtOx3spZVp2N0+GFyGzmIfYJdRYjO62wdL+IIQ" +
        "E4RkgLARAkSRFClnoKnpcPJ+CtNLfqbPnEx/WZn+szL9Zmb6ywRFALQNMCo="

    static let pythonEncodedKnownValues =
        "HISTFAAAALR4nJNpmSzMwMDuzgABzFCaEch0M9ixgMH+A0RgcwaTN5MnEkawLJlUmZSBEEIqY+VhFyWeB6FlmQSBkB+NROdj" +
        "k1MlUT3pNpBrGjsQsoJJVBZhUXL10dI0QRq4jF6+F8Qpz8zEiILxswiroFQtOx3spZVp2N0+GFyGzmIfYJdRYjO62wdL+IIQ" +
        "E4RkhLARAkSRFClnpKnpcPJ+CtNLfqbPnEx/WZn+szL9Zmb6ywRFAFYIMUk="

    /// "submit I status I*I%97 cancel I*7%13\n" for I in 0..<60.
    static let dynamicHuffmanText: String = (0..<60).map { i in "submit \(i) status \(i * i % 97) cancel \(i * 7 % 13)\n" }.joined()

    static let dynamicHuffmanStream =
        "eNp91DtOA0EQRdGcVXgJU7/+LAcQARKQ2N4/llDdCZ5FZunK4+oz5b7e374/b5fjcr293u7Xx4f315/3j6/L8XL9S9bJOs1O" +
        "3ik7WafotDutTskDRzfvVt28uu1uo1vwveg2mYTfM06wOg7mzG672+J4xiEMluhYNFz8PD3nsJNmdh1EcKYrNzwu3gZPmIgb" +
        "PsPF3ADaJegGUISoG0LzEHYHyFzdHaIKgXeE9lB5hyhT6B2ibUrvIGUIvYO0U+gdpDp010FaQu8YjRL6wMin0AdEawl9QFQp" +
        "9IGQP6EPiNYW+kBoPFn6OP9nJfQBkT2hj9NoCH2cSEPoE6RcQp8ghYt9gmRLrxqQ9KrJc4t06xOiVUKfCM0nt01CNEvoE6EZ" +
        "Sp9bK/R16HNP+jKdCfpyPQ3zVqgD9JUCyLRV/8jX0Hd2Djv1bUNfS/cE+tq6YQ/6X0WoLMs="
}
