/// Formats instants as ISO-8601 UTC with milliseconds (`2026-11-24T05:55:01.123Z`) by hand.
///
/// A `DateFormatter` per request would cost more than the rest of a status read; the civil-date
/// arithmetic below is Howard Hinnant's `civil_from_days`, exact for the proleptic Gregorian calendar.
enum ISOTimestamp {
    /// Appends the instant `unixNanoseconds` (nanoseconds since 1970-01-01T00:00:00Z) to `text`, unquoted.
    static func append(unixNanoseconds: Int64, to text: inout JSONText) {
        // Floor division so instants before 1970 still format correctly.
        let millis = floorDiv(unixNanoseconds, 1_000_000)
        let seconds = floorDiv(millis, 1000)
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        text.digits(UInt64(max(0, year)), minimumWidth: 4)
        text.raw("-")
        text.digits(UInt64(month), minimumWidth: 2)
        text.raw("-")
        text.digits(UInt64(day), minimumWidth: 2)
        text.raw("T")
        text.digits(UInt64(secondOfDay / 3600), minimumWidth: 2)
        text.raw(":")
        text.digits(UInt64(secondOfDay / 60 % 60), minimumWidth: 2)
        text.raw(":")
        text.digits(UInt64(secondOfDay % 60), minimumWidth: 2)
        text.raw(".")
        text.digits(UInt64(millis - seconds * 1000), minimumWidth: 3)
        text.raw("Z")
    }

    /// The instant as a standalone string, for tests and logs.
    static func string(unixNanoseconds: Int64) -> String {
        var text = JSONText(capacity: 24)
        append(unixNanoseconds: unixNanoseconds, to: &text)
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// Year, month (1...12) and day (1...31) of the day `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097                                              // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // [0, 365]
        let shiftedMonth = (5 * dayOfYear + 2) / 153                                  // March-based [0, 11]
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Division rounding toward negative infinity.
    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
