import Foundation
import Synchronization
import SupportSimCore

/// What a checkable claim is about (metrics.md, "Hallucination: claims and grounding").
public enum ClaimKind: String, Sendable, CaseIterable {
    case money, date, time, duration, percentage, identifier, email, phone, url
}

/// One checkable fact stated in a reply.
public struct Claim: Sendable, Hashable {
    public var kind: ClaimKind
    /// The claim as the reply wrote it: `$49.00`, `Nov 25`, `5 to 7 business days`.
    public var text: String
    /// The value compared with the evidence: `49`, `2026-11-25`, `5-7 business days`.
    public var normalized: String
    /// The sentence of the reply that states it, for the report.
    public var sentence: String

    public init(kind: ClaimKind, text: String, normalized: String, sentence: String) {
        self.kind = kind
        self.text = text
        self.normalized = normalized
        self.sentence = sentence
    }
}

/// Splits a reply into checkable claims.
///
/// What is a claim, and its normalised form:
/// - **money**: an amount with a currency sign or code (`$49.00`, `US$49`, `€1.299,00`, `49,50 €`,
///   `USD 49`, `49.00 USD`), with a currency word (`49 dollars`, `20 euros`, `99 cents` = 0.99), or a
///   bare number with exactly two decimals (`129.90`: the reference agent writes amounts that way).
///   Normalised as a plain decimal without sign, trailing zeros or grouping: `49`, `1299.5`.
///   Separators: the last `,` or `.` is the decimal mark when it differs from the earlier ones
///   (`1.299,00` = 1299, `1,299.50` = 1299.5); a lone `,` before exactly three digits groups
///   thousands (`$1,299`), before one or two digits it is a decimal comma (`€49,50`); a lone `.` is
///   always a decimal point (`$1.299` is 1.299: write `1,299` or `1.299,00`). "pounds" is not a
///   currency word (it is also a weight). A two-decimal number after a version word (`version 2.10`,
///   `Bluetooth 5.20`) or before a unit (`3.50 mm`, `2.50 GB`) is not money.
/// - **date**: ISO `2026-11-25` (also inside a date-time), `November 25, 2026`, `Nov. 25th`,
///   `25 November 2026`, `25th of Nov`, `11/25/2026`, `11/25/26`, `2026/11/25`; normalised
///   `yyyy-mm-dd`, a date without a year taking `year`. Slash dates are month/day unless the first
///   number cannot be a month (`25/11/2026`). Not dates: a month and year without a day
///   (`November 2026`), a slash pair without a year (`3/4` is a fraction), relative days
///   (`tomorrow`, `Monday`), impossible days (`Feb 30`), and a lower-case `may` or `march` (verbs).
/// - **time**: `9am`, `9 a.m.`, `6:30 pm`, `14:00`, `14:00:00`; normalised 24-hour `HH:mm`. Time
///   zones are not compared (`9am ET` = `09:00`).
/// - **duration**: digits and a unit, as a range or not: `5-7 business days`, `5 to 7 working days`,
///   `48 hours`, `30-day`, `2 weeks`; normalised `N unit` / `N-M unit` with the plural unit (singular
///   for exactly 1), `working` read as `business`, `calendar` dropped.
/// - **percentage**: `10%`, `10 %`, `12.5 percent`; normalised `10%`.
/// - **identifier**: an upper-case letter prefix and a dash before digits (`ORD-5001`, `RF-1`,
///   `KB-200`, `SUB-2001`, `T-7001`), a compact upper-case code of 8+ characters with a letter and at
///   least four digits (tracking numbers `1Z999AA10123456784`, `JD014600006255`), or a bare run of 7+
///   digits; normalised upper-case.
/// - **email** lower-cased; **phone** as digits, 7 to 15 of them, written with separators or a `+`
///   (`1-800-555-0199`, `+1 (555) 010-1234`, `555-0199`); **url** with `http(s)://`, `www.` or a bare
///   domain with a common ending (`northwind.com/returns`), normalised without scheme or trailing
///   `/` and with a lower-case host.
///
/// Not claims: bare whole numbers (`order 5001`, `2 devices`, `in 2026`), prose numbers and
/// ordinals (`one moment`, `first`, `second`, `2nd`), and model or version names (`Pro 2`, `X200`,
/// `HS400`, `USB4`, `Bluetooth 5.2`): they name a product rather than state a fact a backend knows.
/// A SKU written with a dash (`HS-400`) is an identifier. Each character belongs to at most one
/// claim, taken in the order e-mail, URL, date, time, phone, identifier, money, percentage,
/// duration, so the digits of `ORD-4900` or `2026-11-25` are never also an amount.
public enum ClaimExtractor {
    /// The claims of `reply` in reading order; a date without a year is given `year`.
    public static func claims(in reply: String, year: Int) -> [Claim] {
        ClaimMemo.claims(in: reply, year: year)
    }

    static func computeClaims(in reply: String, year: Int) -> [Claim] {
        let found = spans(in: reply, year: year)
        guard !found.isEmpty else { return [] }
        let bounds = sentenceBounds(reply as NSString, claims: found)
        // Several claims usually share a sentence: cut each sentence once.
        var sentences: [Int: String] = [:]
        return found.map { span in
            let start = bounds.last(where: { $0 <= span.range.location }) ?? 0
            let sentence = sentences[start] ?? {
                let end = bounds.first(where: { $0 >= NSMaxRange(span.range) }) ?? reply.utf16.count
                let s = slice(reply, NSRange(location: start, length: end - start))
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                sentences[start] = s
                return s
            }()
            return Claim(kind: span.kind, text: slice(reply, span.range), normalized: span.normalized, sentence: sentence)
        }
    }

    /// A UTF-16 range of a native string, without going through NSString (slow on Linux).
    static func slice(_ text: String, _ range: NSRange) -> String {
        let utf16 = text.utf16
        let from = utf16.index(utf16.startIndex, offsetBy: range.location)
        let to = utf16.index(from, offsetBy: range.length)
        return String(text[from..<to])
    }

    /// A recognised claim before its sentence is attached.
    struct Span {
        var kind: ClaimKind
        var range: NSRange
        var normalized: String
    }

    /// Every claim-shaped value of `text`, sorted by position; also used to read evidence text.
    static func spans(in text: String, year: Int) -> [Span] {
        let features = ClaimPatterns.Features(text)
        guard !features.isEmpty else { return [] }
        let whole = NSRange(location: 0, length: text.utf16.count)
        var found: [Span] = []
        for pattern in ClaimPatterns.all where features.isSuperset(of: pattern.needs) {
            for match in pattern.regex.matches(in: text, range: whole) {
                let r = match.range
                if found.contains(where: { NSIntersectionRange($0.range, r).length > 0 }) { continue }
                if let value = pattern.normalize(ClaimPatterns.Match(text: text, result: match, year: year)) {
                    found.append(Span(kind: pattern.kind, range: r, normalized: value))
                }
            }
        }
        return found.sorted { $0.range.location < $1.range.location }
    }

    /// UTF-16 offsets just past each sentence end: `.`, `!` or `?` before white space or the end,
    /// or a line break. Marks inside a claim (`Nov. 25`, `9 a.m.`) end nothing.
    static func sentenceBounds(_ text: NSString, claims: [Span]) -> [Int] {
        var bounds: [Int] = []
        let n = text.length
        let space = CharacterSet.whitespacesAndNewlines
        func isSpace(_ u: unichar) -> Bool { UnicodeScalar(u).map { space.contains($0) } ?? false }
        for i in 0..<n {
            let c = text.character(at: i)
            let isEnd: Bool
            switch c {
            case 10, 13: isEnd = true
            case 46, 33, 63: isEnd = i + 1 == n || isSpace(text.character(at: i + 1))
            default: isEnd = false
            }
            if isEnd, !claims.contains(where: { NSLocationInRange(i, $0.range) }) { bounds.append(i + 1) }
        }
        return bounds
    }
}

/// A bounded memo of claim extraction: agents repeat their phrasings across conversations, and
/// the validation step and scoring both read every reply.
enum ClaimMemo {
    private struct Key: Hashable { var text: String; var year: Int }
    private static let memo = BoundedMemo<Key, [Claim]>()

    static func claims(in reply: String, year: Int) -> [Claim] {
        memo.value(Key(text: reply, year: year)) { ClaimExtractor.computeClaims(in: $0.text, year: $0.year) }
    }
}
