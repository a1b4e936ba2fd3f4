import Foundation
import SupportSimCore

/// The regular expressions behind `ClaimExtractor`, compiled once per process: the extractor runs
/// on every reply (and every piece of evidence) of suites with tens of thousands of conversations.
/// The rules they implement are documented on `ClaimExtractor`.
enum ClaimPatterns {
    /// Characters a pattern cannot match without; one pass over the UTF-8 decides which regexes
    /// are worth running (most replies have no `@`, `:`, `/`, `+` or currency sign).
    struct Features: OptionSet {
        let rawValue: Int
        static let digit = Features(rawValue: 1 << 0)
        static let at = Features(rawValue: 1 << 1)
        static let colon = Features(rawValue: 1 << 2)
        static let slash = Features(rawValue: 1 << 3)
        static let dash = Features(rawValue: 1 << 4)
        static let plus = Features(rawValue: 1 << 5)
        static let currency = Features(rawValue: 1 << 6)
        /// A `.` between two non-space characters: a domain, `a.m.` or a decimal.
        static let innerDot = Features(rawValue: 1 << 7)
        /// Seven digits or more: phone numbers and long identifiers.
        static let manyDigits = Features(rawValue: 1 << 8)

        init(rawValue: Int) { self.rawValue = rawValue }

        init(_ text: String) {
            var f: Features = []
            var digits = 0
            var previous: UInt8 = 32
            var dotAfterText = false
            for u in text.utf8 {
                switch u {
                case 48...57: digits += 1
                case 64: f.insert(.at)
                case 58: f.insert(.colon)
                case 47: f.insert(.slash)
                case 45: f.insert(.dash)
                case 43: f.insert(.plus)
                case 36, 0xC2: f.insert(.currency)  // `$`; 0xC2 starts the UTF-8 of £
                case 0xE2: f.formUnion([.dash, .currency])  // starts the UTF-8 of –, — and €
                default: break
                }
                if dotAfterText, u > 32 { f.insert(.innerDot) }
                dotAfterText = u == 46 && previous > 32
                previous = u
            }
            if digits > 0 { f.insert(.digit) }
            if digits >= 7 { f.insert(.manyDigits) }
            self = f
        }
    }

    struct Match {
        let text: String
        let result: NSTextCheckingResult
        let year: Int
        var whole: String { ClaimExtractor.slice(text, result.range) }
        func group(_ i: Int) -> String? {
            let r = result.range(at: i)
            return r.location == NSNotFound ? nil : ClaimExtractor.slice(text, r)
        }
        /// The word just before the match, lower-cased, for context rules such as `version 2.10`.
        var previousWord: String {
            let before = ClaimExtractor.slice(text, NSRange(location: 0, length: result.range.location))
            return String(before.reversed().drop(while: { $0 == " " }).prefix(while: { $0.isLetter }).reversed())
                .lowercased()
        }
    }

    struct Pattern: Sendable {
        let kind: ClaimKind
        let needs: Features
        let regex: NSRegularExpression
        let normalize: @Sendable (Match) -> String?
    }

    private static func pattern(_ kind: ClaimKind, _ needs: Features, _ regex: String, caseInsensitive: Bool = false,
                                _ normalize: @escaping @Sendable (Match) -> String?) -> Pattern
    {
        Pattern(kind: kind, needs: needs,
                regex: try! NSRegularExpression(pattern: regex, options: caseInsensitive ? [.caseInsensitive] : []),
                normalize: normalize)
    }

    static let monthNames = #"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"#
    /// An amount as written, separators and all; `amount(_:)` decides what the separators mean.
    static let number = #"\d(?:[\d.,]*\d)?"#
    static let codes = "USD|EUR|GBP|CAD|AUD"
    static let units = #"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?"#
    static let tlds = "com|org|net|io|co|us|uk|ca|eu|de|app|help|support|shop|store"

    /// In extraction order: a later pattern never claims characters an earlier one took.
    static let all: [Pattern] = [
        pattern(.email, .at, #"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)"#) {
            $0.whole.lowercased()
        },
        pattern(.url, [.colon, .slash], #"\bhttps?://[^\s\p{Cc}<>"'()\[\]]*[^\s\p{Cc}<>"'()\[\].,;:!?]"#, caseInsensitive: true) { url($0.whole) },
        pattern(.url, .innerDot, #"(?<![\w@./-])www\.[^\s\p{Cc}<>"'()\[\]]*[^\s\p{Cc}<>"'()\[\].,;:!?]"#, caseInsensitive: true) {
            url($0.whole)
        },
        pattern(.url, .innerDot, #"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:\#(tlds))(?![\w-])(?:/[^\s\p{Cc}<>"'()\[\]]*[^\s\p{Cc}<>"'()\[\].,;:!?])?"#,
                caseInsensitive: true) { url($0.whole) },
        // Dates: ISO (also the date of a date-time), month first, day first, slashes.
        pattern(.date, [.digit, .dash], #"(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d|-\d)"#) {
            day(Int($0.group(1)!), Int($0.group(2)!), Int($0.group(3)!))
        },
        pattern(.date, .digit, #"\b(\#(monthNames))\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})(?!\d))?"#,
                caseInsensitive: true) { m in
            named(m.group(1)!, day: m.group(2)!, year: m.group(3), default: m.year)
        },
        pattern(.date, .digit, #"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(\#(monthNames))\b\.?(?:,?\s+(\d{4})(?!\d))?"#,
                caseInsensitive: true) { m in
            named(m.group(2)!, day: m.group(1)!, year: m.group(3), default: m.year)
        },
        pattern(.date, [.digit, .slash], #"(?<![\w/.-])(\d{4})/(\d{1,2})/(\d{1,2})(?![\w/])"#) {
            day(Int($0.group(1)!), Int($0.group(2)!), Int($0.group(3)!))
        },
        pattern(.date, [.digit, .slash], #"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])"#) { m in
            let a = Int(m.group(1)!)!, b = Int(m.group(2)!)!, y = Int(m.group(3)!)!
            let year = y < 100 ? 2000 + y : y
            return a > 12 ? day(year, b, a) : day(year, a, b)
        },
        // Times: with am/pm first, so that `6:30 pm` is one claim.
        pattern(.time, .digit, #"(?<![\w:.,])(\d{1,2})(?:[:.]([0-5]\d))?\s?([ap])\.?\s?m\b\.?"#, caseInsensitive: true) { m in
            guard let h = Int(m.group(1)!), (1...12).contains(h) else { return nil }
            let pm = m.group(3)!.lowercased() == "p"
            return clock(h % 12 + (pm ? 12 : 0), Int(m.group(2) ?? "0")!)
        },
        pattern(.time, [.digit, .colon], #"(?:(?<=\dT)|(?<![\w:.]))([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?!\d|[:.]\d)"#) {
            clock(Int($0.group(1)!)!, Int($0.group(2)!)!)
        },
        // Phones: international (+), North American, then a local 7-digit number.
        pattern(.phone, [.manyDigits, .plus], #"(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,4})){1,5}(?!\w|[-.]\d)"#) { phone($0.whole) },
        pattern(.phone, .manyDigits, #"(?<![\w+.-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\w|[-.]\d)"#) {
            phone($0.whole)
        },
        pattern(.phone, [.manyDigits, .dash], #"(?<![\w+().-])[2-9]\d{2}-\d{4}(?!\w|[-.]\d)"#) { phone($0.whole) },
        // Identifiers: PREFIX-digits, compact codes (tracking numbers), long digit runs.
        pattern(.identifier, [.digit, .dash], #"(?<![\w-])[A-Z]{1,6}(?:-[A-Z0-9]+)+(?!\w|-[A-Za-z0-9])"#) { m in
            m.whole.contains(where: \.isNumber) ? m.whole : nil
        },
        pattern(.identifier, .digit, #"(?<![\w-])(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,}(?![\w-])"#) { m in
            m.whole.filter(\.isNumber).count >= 4 ? m.whole : nil
        },
        pattern(.identifier, .manyDigits, #"(?<![\w.,/$€£+-])\d{7,}(?!\w|[.,]\d)"#) { $0.whole },
        // Money: sign or code before, sign, code or word after, then bare two-decimal amounts.
        pattern(.money, [.digit, .currency], #"(?<![\w.,])(?:US\$|C\$|A\$|\$|€|£)\s?(\#(number))(?!\w)"#) { money($0.group(1)!) },
        pattern(.money, .digit, #"(?<!\w)(?:\#(codes))\s?(\#(number))(?!\w)"#) { money($0.group(1)!) },
        pattern(.money, .digit, #"(?<![\w.,/-])(\#(number))\s?(?:€|£|\$|(?:\#(codes))(?![A-Za-z])|(?i:(dollars?|euros?|bucks|cents?))(?![A-Za-z]))"#) { m in
            money(m.group(1)!, cents: m.group(2)?.lowercased().hasPrefix("cent") == true)
        },
        pattern(.money, [.digit, .innerDot], #"(?<![\w.,/$€£]|\w-)(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}(?!\w|[.,]\d|\s?(?:%|(?i:percent|per cent|mm|cm|km|kg|lbs?|oz|gb|tb|mb|hz|ghz|w|inch(?:es)?)(?![A-Za-z])))"#) { m in
            versionWords.contains(m.previousWord) ? nil : money(m.whole)
        },
        pattern(.percentage, .digit, #"(?<![\w.,])(\d+(?:\.\d+)?)\s?(?:%|percent(?![A-Za-z])|per cent(?![A-Za-z]))"#,
                caseInsensitive: true) { m in
            Decimal(exactly: m.group(1)!).map { $0.plainString + "%" }
        },
        pattern(.duration, .digit, #"(?<![\w.,-])(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?(?:\s+|-)(?:(business|working|calendar)\s+)?(\#(units))(?![A-Za-z])"#,
                caseInsensitive: true) { m in
            duration(m.group(1)!, m.group(2), qualifier: m.group(3), unit: m.group(4)!)
        },
    ]

    /// Words after which a two-decimal number is a version, not an amount.
    static let versionWords: Set<String> = [
        "version", "v", "ver", "firmware", "build", "release", "bluetooth", "hdmi", "usb", "displayport",
        "thunderbolt", "macos", "windows", "ios", "android", "app", "studio",
    ]

    static func day(_ year: Int?, _ month: Int?, _ day: Int?) -> String? {
        guard let year, let month, let day else { return nil }
        let iso = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        return ISODate.parseDay(iso) == nil ? nil : iso
    }

    static func named(_ month: String, day d: String, year: String?, default fallback: Int) -> String? {
        // `may` and `march` in lower case are verbs far more often than months.
        if month == "may" || month == "march" { return nil }
        guard let m = TextNormalization.months[month.lowercased().trimmingCharacters(in: .punctuationCharacters)]
        else { return nil }
        return day(year.flatMap { Int($0) } ?? fallback, m, Int(d))
    }

    static func clock(_ hour: Int, _ minute: Int) -> String { "\(pad(hour, 2)):\(pad(minute, 2))" }

    /// Zero-padded, without `String(format:)`, which is slow on Linux.
    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func phone(_ text: String) -> String? {
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        return (7...15).contains(digits.count) ? digits : nil
    }

    static func money(_ text: String, cents: Bool = false) -> String? {
        guard var value = amount(text) else { return nil }
        if cents { value /= 100 }
        return value.plainString
    }

    /// `1,299.50`, `1.299,50`, `49,50`, `1,299` and `49.9` read by the separator rules of
    /// `ClaimExtractor`; nil when the grouping is malformed (`1,2,3`).
    static func amount(_ text: String) -> Decimal? {
        let chars = Array(text)
        guard let last = chars.lastIndex(where: { $0 == "," || $0 == "." }) else { return Decimal(exactly: text) }
        let mark = chars[last]
        let earlier = Set(chars[..<last].filter { $0 == "," || $0 == "." })
        let tail = chars.count - last - 1
        let decimalAt: Int?
        if earlier.contains(mark) {
            decimalAt = nil  // `1,299,000`: every separator groups thousands
        } else if !earlier.isEmpty {
            decimalAt = last  // `1.299,00`, `1,299.50`
        } else if mark == "," {
            guard tail == 3 || tail <= 2 else { return nil }
            decimalAt = tail == 3 ? nil : last
        } else {
            decimalAt = last
        }
        let integer = String(decimalAt.map { chars[..<$0] } ?? chars[...])
        let groups = integer.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "." })
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let fraction = decimalAt.map { String(chars[($0 + 1)...]) } ?? ""
        return Decimal(exactly: groups.joined() + (fraction.isEmpty ? "" : "." + fraction))
    }

    static func duration(_ from: String, _ to: String?, qualifier: String?, unit: String) -> String? {
        guard let a = Decimal(exactly: from) else { return nil }
        var value = a.plainString
        if let to {
            guard let b = Decimal(exactly: to) else { return nil }
            value += "-" + b.plainString
        }
        let base: String
        switch unit.lowercased() {
        case let u where u.hasPrefix("sec"): base = "second"
        case let u where u.hasPrefix("min"): base = "minute"
        case let u where u.hasPrefix("h"): base = "hour"
        case let u where u.hasPrefix("d"): base = "day"
        case let u where u.hasPrefix("w"): base = "week"
        case let u where u.hasPrefix("mo"): base = "month"
        default: base = "year"
        }
        let q = qualifier?.lowercased()
        let prefix = q == "business" || q == "working" ? "business " : ""
        return "\(value) \(prefix)\(base)\(value == "1" ? "" : "s")"
    }

    /// Without scheme or trailing `/`, with a lower-case host: `northwind.com/Returns`.
    static func url(_ text: String) -> String {
        var t = Substring(text)
        for scheme in ["https://", "http://"] where t.lowercased().hasPrefix(scheme) { t = t.dropFirst(scheme.count) }
        while t.hasSuffix("/") { t = t.dropLast() }
        let cut = t.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? t.endIndex
        return t[..<cut].lowercased() + t[cut...]
    }
}
