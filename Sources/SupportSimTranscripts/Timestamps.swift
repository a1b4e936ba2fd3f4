import Foundation
import SupportSimCore

/// Message times as exports write them: ISO 8601 (`2026-03-02T09:15:00Z`, with or without
/// fractional seconds, an offset, or a space for the `T`; without an offset it is UTC) or Unix
/// time in seconds (`1772442900`, fractions allowed; 13-digit values are read as milliseconds,
/// which some exports write). Parsed and printed by hand: no locale or time zone of the
/// machine can change a result.
public enum Timestamps {
    /// Milliseconds since 1970-01-01T00:00:00Z, or nil when `text` is neither form.
    public static func parse(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let unix = unix(t) { return unix }
        return iso(t)
    }

    static func unix(_ t: String) -> Int64? {
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), t.first != ".",
            t.filter({ $0 == "." }).count <= 1, let value = Decimal(string: t)
        else { return nil }
        let whole = t.split(separator: ".").first.map(String.init) ?? t
        // 13 digits before any point: milliseconds (seconds would be past the year 5000).
        let ms = whole.count >= 13 ? value : value * 1000
        var rounded = Decimal()
        var source = ms
        NSDecimalRound(&rounded, &source, 0, .plain)
        return Int64(exactly: NSDecimalNumber(decimal: rounded).int64Value)
    }

    private static let isoPattern = try! NSRegularExpression(
        pattern: #"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"#)

    static func iso(_ t: String) -> Int64? {
        let range = NSRange(t.startIndex..., in: t)
        guard let m = isoPattern.firstMatch(in: t, range: range) else { return nil }
        func group(_ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: t) else { return nil }
            return String(t[r])
        }
        func number(_ i: Int) -> Int { group(i).flatMap { Int($0) } ?? 0 }
        let (y, mo, d, h, mi, s) = (number(1), number(2), number(3), number(4), number(5), number(6))
        guard (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var ms = Int64(daysFromCivil(y, mo, d)) * 86_400_000 + Int64(h * 3_600 + mi * 60 + s) * 1000
        if let fraction = group(7) { ms += Int64(String((fraction + "00").prefix(3)))! }
        if let zone = group(8), zone.uppercased() != "Z" {
            let sign: Int64 = zone.hasPrefix("-") ? -1 : 1
            let digits = zone.dropFirst().filter(\.isNumber)
            let hours = Int64(digits.prefix(2))!, minutes = Int64(digits.dropFirst(2).prefix(2)) ?? 0
            guard hours < 24, minutes < 60 else { return nil }
            ms -= sign * (hours * 60 + minutes) * 60_000
        }
        return ms
    }

    /// `2026-03-02T09:15:00Z`, with `.250` when the time has milliseconds.
    public static func format(_ ms: Int64) -> String {
        let days = Int(floorDiv(ms, 86_400_000))
        let inDay = Int(ms - Int64(days) * 86_400_000)
        let (y, mo, d) = civilFromDays(days)
        let seconds = inDay / 1000, millis = inDay % 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(String(format: "%04d", y))-\(two(mo))-\(two(d))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if millis != 0 { text += "." + String(format: "%03d", millis) }
        return text + "Z"
    }

    public static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    // MARK: - Civil calendar

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int { CivilCalendar.days(year: year, month: month, day: day) }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let (y, m, d) = CivilCalendar.date(days: days)
        return (y, m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
