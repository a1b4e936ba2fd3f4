import Foundation

/// The kinds of personal datum an export's messages are searched for.
public enum DatumKind: String, Sendable, Hashable, CaseIterable {
    case email, card, order, phone, name
}

/// One datum found in a message: the characters to replace and the value they stand for,
/// normalised so that one datum written two ways (`ORD-48213`, `#48213`, `order 48213`;
/// `(415) 555-2671`, `+1 415 555 2671`) is one datum with one placeholder.
struct DatumSpan: Sendable, Hashable {
    var kind: DatumKind
    var range: Range<String.Index>
    var key: String
}

/// Finds e-mail addresses, card numbers, order numbers and phone numbers in text. Names are
/// found by `NameHeuristics`, which needs to know who wrote the text.
enum PersonalData {
    private static let email = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
    /// 13 to 16 digits, single spaces or dashes between them allowed.
    private static let card = try! NSRegularExpression(pattern: #"(?<![\d+-])(?:\d[ -]?){12,15}\d(?![\d-])"#)
    private static let orderPrefixed = try! NSRegularExpression(pattern: #"(?i)(?<![A-Za-z0-9-])ORD-?\d{3,12}(?![A-Za-z0-9])"#)
    private static let orderHash = try! NSRegularExpression(pattern: #"(?<![\w&#])#\d{4,12}(?![\w])"#)
    /// `order 48213`, `order number 48213`, `order no. 48213`, `order id: #48213`, `order is 48213`:
    /// the number alone is replaced.
    private static let orderWord = try! NSRegularExpression(
        pattern: #"(?i)\border(?:\s+(?:number|no\.?|num|id))?(?:\s+is)?[\s:]*(#?\d{4,12})(?![\w])"#)
    private static let phoneInternational = try! NSRegularExpression(
        pattern: #"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?)(?:[ .-]?\d{2,4}){1,4}(?![\d])"#)
    private static let phoneUS = try! NSRegularExpression(
        pattern: #"(?<![\w+-])(?:1[ .-])?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d-])"#)

    /// Every datum of `text`, in reading order, none overlapping (the earlier kind wins: an
    /// e-mail's digits are not a phone number).
    static func spans(in text: String) -> [DatumSpan] {
        var found: [DatumSpan] = []
        func take(_ kind: DatumKind, _ regex: NSRegularExpression, group: Int = 0, key: (String) -> String?) {
            let whole = NSRange(text.startIndex..., in: text)
            for m in regex.matches(in: text, range: whole) {
                guard let r = Range(m.range(at: group), in: text), let k = key(String(text[r])) else { continue }
                if found.contains(where: { $0.range.overlaps(r) }) { continue }
                found.append(DatumSpan(kind: kind, range: r, key: k))
            }
        }
        take(.email, email) { $0.lowercased() }
        take(.card, card) { s in
            let digits = s.filter(\.isNumber)
            return (13...16).contains(digits.count) ? digits : nil
        }
        take(.order, orderPrefixed) { $0.filter(\.isNumber) }
        take(.order, orderWord, group: 1) { $0.filter(\.isNumber) }
        take(.order, orderHash) { $0.filter(\.isNumber) }
        take(.phone, phoneInternational) { s in
            let digits = s.filter(\.isNumber)
            return (8...15).contains(digits.count) ? phoneKey(digits) : nil
        }
        take(.phone, phoneUS) { phoneKey($0.filter(\.isNumber)) }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Digits, a US number with or without its country code being one number.
    static func phoneKey(_ digits: String) -> String {
        digits.count == 11 && digits.hasPrefix("1") ? String(digits.dropFirst()) : digits
    }
}
