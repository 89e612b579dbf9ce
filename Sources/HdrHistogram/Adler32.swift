/// The Adler-32 checksum of RFC 1950, the trailer of every zlib stream.
public enum Adler32 {
    /// Adler-32 of `bytes`, continuing from `start` (1 for a fresh checksum).
    public static func checksum(_ bytes: some Sequence<UInt8>, start: UInt32 = 1) -> UInt32 {
        var a = start & 0xFFFF, b = start >> 16
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 is the most bytes for which b cannot overflow 32 bits before the modulo (RFC 1950's NMAX).
            if pending == 5552 {
                a %= 65521
                b %= 65521
                pending = 0
            }
        }
        return (b % 65521) << 16 | (a % 65521)
    }
}
