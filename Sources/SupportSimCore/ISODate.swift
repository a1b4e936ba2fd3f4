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

    public static func formatDateTime(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
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

    public static func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    public static func addDays(_ days: Int, to date: Date) -> Date { date.addingTimeInterval(Double(days) * 86_400) }
}
