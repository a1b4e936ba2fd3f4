import Foundation
import SupportSimCore

/// Reading numbers and dates out of free text, so that `49`, `49.00` and `$49.00` are one amount
/// and `2026-11-25`, "November 25, 2026" and "25 Nov" are one date.
public enum TextNormalization {
    public struct DayOfYear: Sendable, Hashable {
        public var year: Int?
        public var month: Int
        public var day: Int
    }

    static let months: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        var m: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            m[n] = i + 1
            m[String(n.prefix(3))] = i + 1
        }
        m["sept"] = 9
        return m
    }()

    private static let numberRegex = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9\-/_.])(?:[$€£]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![A-Za-z0-9\-/_]|\.\d)"#)
    private static let isoDateRegex = try! NSRegularExpression(pattern: #"\b(\d{4})-(\d{2})-(\d{2})\b"#)
    private static let monthFirstRegex = try! NSRegularExpression(
        pattern: #"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b"#,
        options: [.caseInsensitive])
    private static let dayFirstRegex = try! NSRegularExpression(
        pattern: #"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+(\d{4}))?\b"#,
        options: [.caseInsensitive])
    private static let slashDateRegex = try! NSRegularExpression(pattern: #"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"#)

    static func groups(_ regex: NSRegularExpression, _ text: String) -> [[String?]] {
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { i in
                let r = m.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
        }
    }

    /// Standalone numbers (amounts, counts), not digits inside identifiers or dates.
    public static func numbers(in text: String) -> [Decimal] {
        groups(numberRegex, text).compactMap { g in
            let whole = (g[1] ?? "").replacingOccurrences(of: ",", with: "")
            return Decimal(exactly: whole + (g[2] ?? ""))
        }
    }

    /// A mention that is a number, currency sign and code allowed: `$49.00`, `49 USD`, `1,200`.
    public static func numberLiteral(_ text: String) -> Decimal? {
        var t = text.trimmingCharacters(in: .whitespaces)
        for p in ["$", "€", "£"] where t.hasPrefix(p) { t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces) }
        for s in [" USD", " EUR", " GBP", "USD", "EUR", "GBP"] where t.hasSuffix(s) { t = String(t.dropLast(s.count)) }
        t.removeAll { $0 == "," }
        // Digits, and at most one point with digits after it (the regex `^\d+(\.\d+)?$` it
        // replaces was compiled on every call).
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return nil }
        return Decimal(exactly: t)
    }

    public static func isoDay(_ text: String) -> DayOfYear? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count == 10, let d = ISODate.parseDay(t) else { return nil }
        let parts = ISODate.formatDay(d).split(separator: "-").compactMap { Int($0) }
        return DayOfYear(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Every date written in the text, in the common English forms.
    public static func dates(in text: String) -> [DayOfYear] {
        var result: [DayOfYear] = []
        for g in groups(isoDateRegex, text) {
            if let y = Int(g[1] ?? ""), let m = Int(g[2] ?? ""), let d = Int(g[3] ?? "") {
                result.append(DayOfYear(year: y, month: m, day: d))
            }
        }
        for g in groups(monthFirstRegex, text) {
            if let m = months[(g[1] ?? "").lowercased()], let d = Int(g[2] ?? ""), (1...31).contains(d) {
                result.append(DayOfYear(year: g[3].flatMap { Int($0) }, month: m, day: d))
            }
        }
        for g in groups(dayFirstRegex, text) {
            if let m = months[(g[2] ?? "").lowercased()], let d = Int(g[1] ?? ""), (1...31).contains(d) {
                result.append(DayOfYear(year: g[3].flatMap { Int($0) }, month: m, day: d))
            }
        }
        for g in groups(slashDateRegex, text) {
            if let m = Int(g[1] ?? ""), let d = Int(g[2] ?? ""), let y = Int(g[3] ?? ""), (1...12).contains(m) {
                result.append(DayOfYear(year: y, month: m, day: d))
            }
        }
        return result
    }

    /// Lower-cased with runs of white space made one space.
    public static func folded(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `text` mentions `expected` (scenarios.md: case-, whitespace-, number- and date-tolerant).
    /// Memoized (`computeMentions`): every trial's checks ask it of the same replies again.
    public static func mentions(_ text: String, _ expected: String) -> Bool {
        mentionsMemo.value(MentionKey(text: text, expected: expected)) { computeMentions($0.text, $0.expected) }
    }
    private struct MentionKey: Hashable, Sendable { var text: String; var expected: String }
    private static let mentionsMemo = BoundedMemo<MentionKey, Bool>()

    static func computeMentions(_ text: String, _ expected: String) -> Bool {
        if folded(text).contains(folded(expected)) { return true }
        if let amount = numberLiteral(expected) {
            return numbers(in: text).contains(amount)
        }
        if let day = isoDay(expected) {
            return dates(in: text).contains { d in
                d.month == day.month && d.day == day.day && (d.year == nil || d.year == day.year)
            }
        }
        return false
    }
}
