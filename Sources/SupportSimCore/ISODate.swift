import Foundation

/// ISO 8601 dates, parsed once where they enter the program (suite files, agent messages).
public enum ISODate {
    private static let utc = TimeZone(identifier: "UTC")!

    private static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = utc
        return c
    }

    /// `2026-11-20`: midnight UTC of that day.
    public static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let comps = DateComponents(year: y, month: m, day: d)
        guard let date = calendar.date(from: comps),
            calendar.component(.day, from: date) == d
        else { return nil }
        return date
    }

    /// `2026-11-20T09:00:00Z` or with an offset `+02:00`, optional fractional seconds.
    public static func parseDateTime(_ text: String) -> Date? {
        guard let tIndex = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }),
            let day = parseDay(String(text[..<tIndex]))
        else { return nil }
        var rest = Substring(text[text.index(after: tIndex)...])
        var offset = 0
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard zone.count == 2, let h = Int(zone[0]), let m = Int(zone[1]) else { return nil }
            offset = (h * 3600 + m * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        } else {
            return nil
        }
        let hms = rest.split(separator: ":")
        guard hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), let s = Double(hms[2]),
            (0...23).contains(h), (0...59).contains(m), s >= 0, s < 61
        else { return nil }
        return day.addingTimeInterval(Double(h * 3600 + m * 60) + s - Double(offset))
    }

    /// Either form; a bare day is midnight UTC.
    public static func parse(_ text: String) -> Date? {
        text.count == 10 ? parseDay(text) : parseDateTime(text)
    }

    /// Without Calendar or String(format:) for 1970–9999 (every virtual-clock date): results.json
    /// stamps every message and call, 100,000 dates for a 10,000-conversation run.
    public static func formatDateTime(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        if ms >= 0, ms < 253_402_300_800_000 { return fastDateTime(ms) }
        let seconds = ms / 1000
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: Double(seconds)))
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        if ms % 1000 != 0 { text += String(format: ".%03d", Int(ms % 1000)) }
        return text + "Z"
    }

    public static func formatDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The UTC year, by arithmetic: it is asked for every reply scored, and a `Calendar` is costly
    /// to make. Before the Gregorian reform Foundation's calendar is Julian, so it answers there.
    public static func year(of date: Date) -> Int {
        let days = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        guard days > -141_000, days < 1e9 else { return calendar.component(.year, from: date) }
        return CivilCalendar.date(days: Int(days)).year
    }

    public static func addDays(_ days: Int, to date: Date) -> Date { date.addingTimeInterval(Double(days) * 86_400) }

    private static func fastDateTime(_ ms: Int64) -> String {
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

    /// Year, month, day of a day count since 1970-01-01 (days >= 0).
    private static func civil(days: Int64) -> (Int, Int, Int) {
        let (y, m, d) = CivilCalendar.date(days: Int(days))
        return (y, m, d)
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
