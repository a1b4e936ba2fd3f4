import Foundation
import SupportSimCore

/// `ISODate.formatDateTime` without Calendar: the same text, ~50 times faster. results.json
/// stamps every message and backend call with a date, 100,000 of them for a 10,000-conversation
/// run, and going through Calendar and String(format:) took a second of the 2-second budget.
/// Dates outside 1970–9999 (never produced by the virtual clock) take the Calendar path.
enum ReportDates {
    static func formatDateTime(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        guard ms >= 0, ms < 253_402_300_800_000 else { return ISODate.formatDateTime(date) }
        let seconds = ms / 1000, fraction = Int(ms % 1000)
        let (y, m, d) = civil(days: seconds / 86_400)
        let s = Int(seconds % 86_400)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        digits(y, 4, &out); out.append(UInt8(ascii: "-"))
        digits(m, 2, &out); out.append(UInt8(ascii: "-"))
        digits(d, 2, &out); out.append(UInt8(ascii: "T"))
        digits(s / 3600, 2, &out); out.append(UInt8(ascii: ":"))
        digits(s / 60 % 60, 2, &out); out.append(UInt8(ascii: ":"))
        digits(s % 60, 2, &out)
        if fraction != 0 { out.append(UInt8(ascii: ".")); digits(fraction, 3, &out) }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Year, month, day of a day count since 1970-01-01 in the proleptic Gregorian calendar
    /// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"), for days >= 0.
    static func civil(days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }
}
